package dev.gantry.registry.storage;

import dev.gantry.error.NotFoundException;

/** A storage path that holds nothing. Callers turn it into BLOB_UNKNOWN, MANIFEST_UNKNOWN and the like. */
public class PathNotFoundException extends NotFoundException {
    private final String path;

    /**
     * An exception naming the path that holds nothing.
     *
     * @param path the storage key
     */
    public PathNotFoundException(String path) {
        super("storage path not found: " + path);
        this.path = path;
    }

    /**
     * The storage key that holds nothing.
     *
     * @return the key given
     */
    public String path() {
        return path;
    }
}
