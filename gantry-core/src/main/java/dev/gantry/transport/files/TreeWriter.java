package dev.gantry.transport.files;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.UnaryOperator;

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

    /**
     * Like {@link #write}, but a write cut short (an I/O failure) keeps what it got, and the next
     * call for the same path continues after those bytes. {@code verify} wraps the whole
     * content (the kept bytes, then {@code rest}) so the check covers every byte; the kept
     * bytes are read to be checked, not written again. Content that fails the check is
     * discarded. Writers that cannot keep partial files write {@code rest} whole.
     */
    default void writeResumable(String path, long size, InputStream rest, UnaryOperator<InputStream> verify) throws IOException {
        write(path, size, verify.apply(rest));
    }

    /** How many bytes an interrupted {@link #writeResumable} left for {@code path}, so {@code rest} can start there. */
    default long kept(String path) throws IOException {
        return 0;
    }

    void commit() throws IOException;
}
