package dev.gantry.transport.files;

import dev.gantry.digest.VerifyingInputStream;
import dev.gantry.oci.Descriptor;

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

    /**
     * True when writing a path again replaces the file (a directory), false when it would add a
     * second entry (a tar stream): only the former can take a placeholder written early.
     */
    default boolean replacesOnRewrite() {
        return false;
    }

    /** How many bytes an interrupted {@link #writeResumable} left for {@code path}, so {@code rest} can start there. */
    default long kept(String path) throws IOException {
        return 0;
    }

    /**
     * A blob at {@code path}, resumed at {@code offset} (which must be what {@link #kept} says) and
     * verified against its descriptor over every byte, kept and new: how store targets put blobs.
     * {@code target} names the store in errors ("oci:DIR").
     */
    default void writeBlob(String path, Descriptor descriptor, long offset, InputStream rest, String target) throws IOException {
        if (offset != kept(path)) {
            throw new IllegalArgumentException("blob " + descriptor.digest() + " in " + target + ": resuming at byte "
                    + offset + " but " + kept(path) + " are kept");
        }
        writeResumable(path, descriptor.size(), rest, whole -> new VerifyingInputStream(whole, descriptor.digest(),
                descriptor.size(), "blob " + descriptor.digest() + " for " + target));
    }

    void commit() throws IOException;
}
