package dev.gantry.registry.storage;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which storage driver a registry uses and its settings, as the {@code "storage"} object of
 * {@code gantry serve --config} gives them: {@code {"driver": "filesystem", "path": "data"}}.
 * The options are the object's other keys, each value as text ({@code true}, {@code 5}); the
 * driver's {@link StorageDriverProvider} checks them.
 *
 * @param driver  the driver's name, such as {@code filesystem}
 * @param options the driver's settings by key (without {@code driver})
 * @param base    the directory relative paths in the options are taken from (the config file's), or null for the
 *                working directory
 */
public record StorageConfig(String driver, Map<String, String> options, Path base) {
    /** The name of the built-in driver over a local directory. */
    public static final String FILESYSTEM = "filesystem";

    /**
     * Keeps the options sorted, so messages list them in a stable order.
     *
     * @throws IllegalArgumentException when the driver's name is null or empty
     */
    public StorageConfig {
        if (driver == null || driver.isBlank()) {
            throw new IllegalArgumentException("a storage configuration needs a driver name");
        }
        options = Map.copyOf(new TreeMap<>(options));
    }

    /**
     * The built-in file-system driver over {@code directory}.
     *
     * @param directory the storage directory
     * @return its configuration
     */
    public static StorageConfig filesystem(Path directory) {
        return new StorageConfig(FILESYSTEM, Map.of("path", directory.toString()), null);
    }

    /**
     * An option taken as a path, relative ones resolved against {@link #base()}.
     *
     * @param key the option's key
     * @return the path, or null when the option is absent
     */
    public Path path(String key) {
        String value = options.get(key);
        if (value == null) {
            return null;
        }
        Path path = Path.of(value);
        return base == null ? path : base.resolve(path).normalize();
    }
}
