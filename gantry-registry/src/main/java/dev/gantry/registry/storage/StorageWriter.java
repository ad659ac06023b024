package dev.gantry.registry.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Appends to one storage path. Bytes written are durable only after {@link #commit()};
 * {@link #cancel()} removes everything this path holds. Closing without either keeps what was
 * written so far (an upload session resumes from there).
 */
public interface StorageWriter extends Closeable {
    /** Writes all remaining bytes of {@code bytes}. */
    void write(ByteBuffer bytes) throws IOException;

    /** Bytes the path holds, including those written before this writer was opened. */
    long size();

    /** Flushes to stable storage; after it returns the content survives a crash. */
    void commit() throws IOException;

    /** Discards the content at this path. */
    void cancel() throws IOException;
}
