package dev.gantry.registry.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Appends to one storage path. Bytes written are durable only after {@link #commit()};
 * {@link #cancel()} removes everything this path holds. Closing without either keeps what was
 * written so far (an upload session resumes from there). A writer is used by one thread at a time.
 */
public interface StorageWriter extends Closeable {
    /**
     * Appends all remaining bytes of {@code bytes}, leaving its position at its limit.
     *
     * @param bytes the bytes to append
     * @throws IOException when the bytes cannot be written, or the writer is closed
     */
    void write(ByteBuffer bytes) throws IOException;

    /**
     * How many bytes the path holds now.
     *
     * @return the object's length, including the bytes stored before this writer was opened
     */
    long size();

    /**
     * Flushes to stable storage; after it returns the content survives a crash. The writer stays open, and is
     * closed as usual afterwards.
     *
     * @throws IOException when the content cannot be made durable; what was written may then be lost
     */
    void commit() throws IOException;

    /**
     * Closes the writer and discards the content at this path, including what was stored before it was opened.
     *
     * @throws IOException when the writer cannot be closed or the content removed
     */
    void cancel() throws IOException;
}
