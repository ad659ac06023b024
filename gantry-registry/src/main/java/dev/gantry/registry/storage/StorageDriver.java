package dev.gantry.registry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The storage SPI: a tree of byte blobs under keys that match {@link StoragePaths}. Small enough
 * for an object store to implement (every operation maps to GET/PUT/LIST/COPY/DELETE), with
 * typed failures: {@link PathNotFoundException}, {@link InvalidStoragePathException},
 * {@link InvalidOffsetException}, {@link StorageFullException} (a write refused for lack of space,
 * with nothing of it kept).
 */
public interface StorageDriver {
    /** The whole content of a small object, refusing more than {@code limit} bytes. */
    byte[] getContent(String path, int limit) throws IOException;

    /** Replaces the content at {@code path} atomically: readers see the old or the new bytes, never a mix. */
    void putContent(String path, byte[] content) throws IOException;

    /** A stream from {@code offset}; an offset past the end is an {@link InvalidOffsetException}. */
    InputStream reader(String path, long offset) throws IOException;

    /** A writer that appends when {@code append} is true, or starts the path afresh. */
    StorageWriter writer(String path, boolean append) throws IOException;

    /** The size of the object at {@code path}. */
    long size(String path) throws IOException;

    boolean exists(String path);

    /** When the object at {@code path} was last written; garbage collection spares what is younger than its grace period. */
    java.time.Instant modified(String path) throws IOException;

    /** Names of the direct children of a directory-like path, sorted; missing paths are {@link PathNotFoundException}. */
    List<String> list(String path) throws IOException;

    /** Moves an object atomically, replacing any object at {@code to}. */
    void move(String from, String to) throws IOException;

    /** Deletes an object or a whole subtree. */
    void delete(String path) throws IOException;

    /** The local file behind {@code path}, when there is one, so it can be served without copying through the heap. */
    Optional<Path> localFile(String path);

    /** Free and total bytes of the storage, when it can tell (an object store cannot). */
    default Optional<StorageSpace> space() {
        return Optional.empty();
    }
}
