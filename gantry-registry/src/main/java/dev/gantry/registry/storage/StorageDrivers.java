package dev.gantry.registry.storage;

import dev.gantry.error.InvalidInputException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/** The storage drivers this process knows: the file-system driver, and every {@link StorageDriverProvider} on the class or module path. */
public final class StorageDrivers {
    private StorageDrivers() {
    }

    /**
     * The driver a configuration names.
     *
     * @param config the {@code "storage"} settings
     * @return the driver, ready for use
     * @throws IOException when the storage cannot be reached or prepared
     * @throws InvalidInputException when no known driver has that name (the message lists the known ones), or an
     *                               option is wrong
     */
    public static StorageDriver open(StorageConfig config) throws IOException {
        Set<String> known = new TreeSet<>();
        for (StorageDriverProvider provider : providers()) {
            if (provider.name().equals(config.driver())) {
                return provider.open(config);
            }
            known.add(provider.name());
        }
        throw new InvalidInputException("unknown storage driver '" + config.driver() + "'; known drivers: " + String.join(", ", known));
    }

    private static List<StorageDriverProvider> providers() {
        List<StorageDriverProvider> providers = new ArrayList<>();
        providers.add(new FileSystemDriverProvider());
        ServiceLoader.load(StorageDriverProvider.class, lookupLoader()).forEach(providers::add);
        return providers;
    }

    /**
     * The thread's context class loader when it can see this class (an application keeping drivers in a class loader of
     * their own, as the gantry CLI does with its plugins, sets it), else this class's own.
     */
    private static ClassLoader lookupLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        for (ClassLoader l = context; l != null; l = l.getParent()) {
            if (l == StorageDrivers.class.getClassLoader()) {
                return context;
            }
        }
        return StorageDrivers.class.getClassLoader();
    }

    /** {@code {"driver": "filesystem", "path": DIR}}: a {@link FileSystemDriver} over DIR. */
    private static final class FileSystemDriverProvider implements StorageDriverProvider {
        @Override
        public String name() {
            return StorageConfig.FILESYSTEM;
        }

        @Override
        public StorageDriver open(StorageConfig config) throws IOException {
            for (String key : config.options().keySet()) {
                if (!key.equals("path")) {
                    throw new InvalidInputException("unknown option '" + key + "' of storage driver filesystem; it takes: path");
                }
            }
            if (config.path("path") == null) {
                throw new InvalidInputException("storage driver filesystem needs a \"path\": the storage directory");
            }
            return new FileSystemDriver(config.path("path"));
        }
    }
}
