/**
 * Where the registry keeps its bytes: the {@link dev.gantry.registry.storage.StorageDriver} SPI (objects under
 * keys that {@link dev.gantry.registry.storage.StoragePaths} checks, atomic whole-object writes and moves,
 * writers that append at an offset, one at a time, for uploads; optional local files and redirect URLs for
 * blob reads; typed failures) and {@link dev.gantry.registry.storage.FileSystemDriver}, its implementation over a
 * local directory. The SPI is small enough for an object store to implement; such a driver comes from a
 * {@link dev.gantry.registry.storage.StorageDriverProvider} found through {@link java.util.ServiceLoader} and is
 * chosen by name in configuration ({@link dev.gantry.registry.storage.StorageConfig},
 * {@link dev.gantry.registry.storage.StorageDrivers}).
 */
package dev.gantry.registry.storage;
