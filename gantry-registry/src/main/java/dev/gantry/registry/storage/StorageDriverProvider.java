package dev.gantry.registry.storage;

import java.io.IOException;

/**
 * Makes storage drivers of one kind, named in configuration ({@code "storage": {"driver": NAME}}).
 * The registry knows {@code filesystem} itself and finds others with
 * {@link java.util.ServiceLoader}, so a driver with heavy dependencies (an object-store SDK) lives
 * in a module of its own and is loaded only when configured.
 */
public interface StorageDriverProvider {
    /**
     * The name configuration selects this provider by.
     *
     * @return the driver's name, such as {@code filesystem}
     */
    String name();

    /**
     * A driver as configured.
     *
     * @param config the {@code "storage"} settings, whose {@link StorageConfig#driver()} is {@link #name()}
     * @return the driver, ready for use
     * @throws IOException when the storage cannot be reached or prepared
     * @throws dev.gantry.error.InvalidInputException when an option is missing, unknown or malformed (the message
     *                                                names it)
     */
    StorageDriver open(StorageConfig config) throws IOException;
}
