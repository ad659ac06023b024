/**
 * Garbage collection of a registry's storage ({@code gantry gc}): {@link dev.gantry.registry.gc.GarbageCollector}
 * marks from the tags and removes the manifests, blobs and upload sessions nothing needs, sparing what was written
 * within a grace period so it can run beside pushes.
 */
package dev.gantry.registry.gc;
