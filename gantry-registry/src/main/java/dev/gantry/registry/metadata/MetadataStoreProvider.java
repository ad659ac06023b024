package dev.gantry.registry.metadata;

import java.io.IOException;

/**
 * Makes metadata stores kept in a database, chosen by the JDBC URL of {@code "database"} in the
 * configuration. Found with {@link java.util.ServiceLoader} only when a database is configured, so
 * a JDBC driver, pool and migrations live in a module of their own and no other command loads
 * them (as {@link dev.gantry.registry.storage.StorageDriverProvider} does for storage).
 */
public interface MetadataStoreProvider {
    /**
     * The URL prefix this provider serves.
     *
     * @return a JDBC URL prefix, such as {@code jdbc:postgresql:}
     */
    String urlPrefix();

    /**
     * A store over the configured database, its schema brought up to date.
     *
     * @param config the connection settings, whose URL starts with {@link #urlPrefix()}
     * @return the store, ready for use; the server closes it when it stops, if it is {@link AutoCloseable}
     * @throws IOException when the database cannot be reached or its schema cannot be migrated (the message says
     *                     which database and why, in one line)
     */
    MetadataStore open(DatabaseConfig config) throws IOException;
}
