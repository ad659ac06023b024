package dev.gantry.transport.files;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Write access to an image store by relative path: a directory (each file placed atomically)
 * or a tar archive (visible only when committed). {@link #close()} without {@link #commit()}
 * discards a tar; in a directory only complete files were ever visible.
 */
public interface TreeWriter extends Closeable {
    String describe();

    /** True when the file exists already or was written by this writer. */
    boolean exists(String path) throws IOException;

    /**
     * Writes {@code size} bytes read from {@code content}, reading it to its end so a verifying
     * stream gets to check the whole; a failure leaves no file behind.
     */
    void write(String path, long size, InputStream content) throws IOException;

    void commit() throws IOException;
}
