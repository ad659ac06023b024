package dev.gantry.registry.client;

import dev.gantry.digest.VerifyingInputStream;
import dev.gantry.error.DigestMismatchException;
import dev.gantry.oci.Descriptor;

import java.io.IOException;
import java.io.InputStream;

/**
 * Feeds exactly a descriptor's size to an upload, and checks the digest <em>before</em> handing
 * over the last bytes: the HTTP client then aborts the request short of its Content-Length, so a
 * registry never receives a complete body for content that does not match, whether or not it
 * checks digests itself. A mismatch surfaces as an IOException to the HTTP client; the original
 * {@link DigestMismatchException} is kept for the caller.
 */
final class VerifiedUploadStream extends InputStream {
    private final VerifyingInputStream in;
    private final long size;
    private long sent;
    private volatile RuntimeException failure;

    VerifiedUploadStream(InputStream content, Descriptor descriptor, String what) {
        this.in = new VerifyingInputStream(content, descriptor.digest(), descriptor.size(), what);
        this.size = descriptor.size();
    }

    long position() {
        return sent;
    }

    /** The verification failure, if one aborted the upload. */
    RuntimeException failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (sent >= size) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        try {
            int n = in.readNBytes(buf, off, (int) Math.min(len, size - sent));
            if (n <= 0) {
                in.read(); // reaches the end early: the verifier reports the short content
                throw new DigestMismatchException("content ended after " + sent + " of " + size + " bytes");
            }
            sent += n;
            if (sent == size && in.read() >= 0) {
                throw new AssertionError("unreachable: the verifier fails on bytes past the size");
            }
            return n;
        } catch (DigestMismatchException e) {
            failure = e;
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
