package dev.gantry.registry.storage;

/**
 * How much room the storage has.
 *
 * @param freeBytes  bytes a write may still use
 * @param totalBytes the storage's whole size
 */
public record StorageSpace(long freeBytes, long totalBytes) {
}
