package dev.gantry.registry.metadata;

import dev.gantry.error.InvalidInputException;

import java.io.IOException;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/** The database-backed metadata stores this process knows: every {@link MetadataStoreProvider} on the class or module path. */
public final class MetadataStores {
    private MetadataStores() {
    }

    /**
     * The store a database configuration names.
     *
     * @param config the {@code "database"} settings
     * @return the store, ready for use
     * @throws IOException when the database cannot be reached or prepared
     * @throws InvalidInputException when no provider serves the URL (the message lists the known prefixes)
     */
    public static MetadataStore open(DatabaseConfig config) throws IOException {
        Set<String> known = new TreeSet<>();
        for (MetadataStoreProvider provider : ServiceLoader.load(MetadataStoreProvider.class, MetadataStores.class.getClassLoader())) {
            if (config.url().startsWith(provider.urlPrefix())) {
                return provider.open(config);
            }
            known.add(provider.urlPrefix());
        }
        throw new InvalidInputException("no metadata store for database URL '" + config.url() + "'; "
                + (known.isEmpty() ? "no database module is installed (gantry-registry-postgres serves jdbc:postgresql:)" : "known URL prefixes: " + String.join(", ", known)));
    }
}
