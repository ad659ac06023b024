/**
 * Where the registry keeps its bytes: the {@link dev.gantry.registry.storage.StorageDriver} SPI (objects under
 * keys that {@link dev.gantry.registry.storage.StoragePaths} checks, atomic whole-object writes and moves,
 * appending {@link dev.gantry.registry.storage.StorageWriter}s for uploads, typed failures) and
 * {@link dev.gantry.registry.storage.FileSystemDriver}, its implementation over a local directory. The SPI is
 * small enough for an object store to implement.
 */
package dev.gantry.registry.storage;
