package dev.gantry.registry.storage;

/** How much room the storage has: bytes a write may still use, and its whole size. */
public record StorageSpace(long freeBytes, long totalBytes) {
}
