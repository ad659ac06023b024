package dev.gantry.registry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The storage SPI: a tree of byte blobs under keys that match {@link StoragePaths}. Small enough
 * for an object store to implement (every operation maps to GET/PUT/LIST/COPY/DELETE), with
 * typed failures: {@link PathNotFoundException}, {@link InvalidStoragePathException},
 * {@link InvalidOffsetException}, {@link StorageFullException} (a write refused for lack of space,
 * with nothing of it kept). Every operation checks its path with {@link StoragePaths#check}
 * before touching anything, so each may throw {@link InvalidStoragePathException}. The registry
 * calls a driver from many request threads at once: implementations must be safe for concurrent
 * use (a {@link StorageWriter} is used by one thread at a time).
 */
public interface StorageDriver {
    /**
     * The whole content of a small object (a manifest, a link), refusing more than {@code limit} bytes.
     *
     * @param path  the object's key
     * @param limit the most bytes the caller accepts
     * @return the object's bytes
     * @throws IOException when the object cannot be read
     * @throws PathNotFoundException when nothing is stored at {@code path}
     * @throws dev.gantry.error.LimitExceededException when the object is larger than {@code limit}
     */
    byte[] getContent(String path, int limit) throws IOException;

    /**
     * Replaces the content at {@code path} atomically, creating the object (and any parents) when missing: readers
     * see the old or the new bytes, never a mix, and the new bytes reach stable storage before they become
     * visible.
     *
     * @param path    the object's key
     * @param content the whole new content
     * @throws IOException when the content cannot be stored; the old content, if any, is then left as it was
     * @throws StorageFullException when the storage has no room for it; nothing of the write is kept
     */
    void putContent(String path, byte[] content) throws IOException;

    /**
     * Opens an object for reading from an offset, as a ranged GET or a resumed upload's rehash needs.
     *
     * @param path   the object's key
     * @param offset where to start, from 0 up to the object's size (the size itself gives an empty stream)
     * @return a stream of the bytes from {@code offset} to the end, which the caller closes
     * @throws IOException when the object cannot be opened
     * @throws PathNotFoundException when nothing is stored at {@code path}
     * @throws InvalidOffsetException when {@code offset} is negative or past the end
     */
    InputStream reader(String path, long offset) throws IOException;

    /**
     * Opens an object for appending at {@code offset}, as upload sessions do: bytes are durable only once the
     * writer commits. Two guarantees make an upload safe to continue from any node: the writer starts only where
     * the object ends ({@code offset} must be its current size, 0 for a missing object, which is created), and
     * while it is open no other writer appends to the object, in this process or another one sharing the
     * storage (a second writer waits for the first to close, then checks its offset).
     *
     * @param path   the object's key; missing parents are created
     * @param offset the object's current size, where the new bytes go
     * @return a writer, which the caller closes
     * @throws IOException when the object cannot be opened for writing
     * @throws InvalidOffsetException when the object holds another number of bytes than {@code offset}
     * @throws StorageFullException when the storage has no room for it (its writes and commit may throw it too)
     */
    StorageWriter writer(String path, long offset) throws IOException;

    /**
     * The size of the object at {@code path}.
     *
     * @param path the object's key
     * @return its length in bytes
     * @throws IOException when the size cannot be read
     * @throws PathNotFoundException when nothing is stored at {@code path}
     */
    long size(String path) throws IOException;

    /**
     * Whether anything, an object or a directory-like prefix, is stored at {@code path}.
     *
     * @param path the key
     * @return true when the path holds something
     */
    boolean exists(String path);

    /**
     * When the object at {@code path} was last written; garbage collection spares what is younger than its grace
     * period.
     *
     * @param path the object's key
     * @return the time of the last write
     * @throws IOException when the time cannot be read
     * @throws PathNotFoundException when nothing is stored at {@code path}
     */
    java.time.Instant modified(String path) throws IOException;

    /**
     * The names of the direct children of a directory-like path, sorted (by {@link String#compareTo}), without
     * the driver's own temporary objects.
     *
     * @param path the parent key
     * @return the children's last components, not full keys
     * @throws IOException when the path cannot be listed
     * @throws PathNotFoundException when nothing is stored at {@code path}
     */
    List<String> list(String path) throws IOException;

    /**
     * Moves an object atomically, replacing any object at {@code to} and creating its parents: the completed upload
     * becomes a blob this way, in one step.
     *
     * @param from the key of the object to move
     * @param to   its new key
     * @throws IOException when the object cannot be moved
     * @throws PathNotFoundException when nothing is stored at {@code from}
     */
    void move(String from, String to) throws IOException;

    /**
     * Deletes an object or a whole subtree; readers never see half a subtree deleted.
     *
     * @param path the key of the object or prefix
     * @throws IOException when the deletion fails
     * @throws PathNotFoundException when nothing is stored at {@code path}
     */
    void delete(String path) throws IOException;

    /**
     * The local file behind {@code path}, when the driver keeps objects in files, so a blob can be served without
     * copying it through the heap (the fast path of blob GETs). A remote driver keeps the default, empty, and is
     * read through {@link #reader}.
     *
     * @param path the object's key
     * @return the regular file holding the object, or empty when there is none (a missing object, a directory,
     *         a driver without local files)
     */
    default Optional<Path> localFile(String path) {
        return Optional.empty();
    }

    /**
     * A URL a client may fetch the object from directly, such as a presigned object-store URL, so a blob GET
     * answers with a redirect (307) instead of passing the bytes through the registry. The URL must serve the
     * object's exact bytes, with Range, for as long as a client may take to follow it.
     *
     * @param path   the object's key
     * @param method the HTTP method the client will use, {@code GET} or {@code HEAD}
     * @return where to send the client, or empty (the default) to serve the bytes through the registry
     * @throws IOException when the URL cannot be made
     */
    default Optional<URI> redirectUrl(String path, String method) throws IOException {
        return Optional.empty();
    }

    /**
     * How much room the storage has, for {@code /healthz} and for telling a full disk from other write failures.
     *
     * @return free and total bytes, or empty when the storage cannot tell (an object store)
     */
    default Optional<StorageSpace> space() {
        return Optional.empty();
    }

    /**
     * Checks that the storage answers, for {@code /healthz}. The default has nothing to check (a local directory
     * is there while the process is); a remote store makes one cheap request.
     *
     * @throws IOException saying what failed when the storage cannot be reached
     */
    default void checkReachable() throws IOException {
    }

    /**
     * Appends the driver's own counters to {@code /metrics}, in the Prometheus text format (HELP, TYPE, samples).
     * The default has none.
     *
     * @param out the exposition being written
     */
    default void writeMetrics(StringBuilder out) {
    }
}
