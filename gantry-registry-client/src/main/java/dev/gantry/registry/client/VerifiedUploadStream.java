package dev.gantry.registry.client;

import dev.gantry.digest.VerifyingInputStream;
import dev.gantry.error.DigestMismatchException;
import dev.gantry.oci.Descriptor;

import java.io.IOException;
import java.io.InputStream;

/**
 * Feeds exactly a descriptor's size to an upload, the digest checked <em>before</em> the last
 * bytes are handed over (core's verifying stream does that; this only reports it): the HTTP
 * client then aborts the request short of its Content-Length, so a registry never receives a
 * complete body for content that does not match, whether or not it checks digests itself. A
 * mismatch surfaces as an IOException to the HTTP client; the original
 * {@link DigestMismatchException} is kept for the caller.
 */
final class VerifiedUploadStream extends VerifyingInputStream {
    private volatile RuntimeException failure;

    VerifiedUploadStream(InputStream content, Descriptor descriptor, String what) {
        super(content, descriptor.digest().algorithm(), descriptor.digest(), descriptor.size(), Long.MAX_VALUE, true, what);
    }

    /** The verification failure, if one aborted the upload. */
    RuntimeException failure() {
        return failure;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        try {
            return super.read(buf, off, len);
        } catch (DigestMismatchException e) {
            throw reported(e);
        }
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (DigestMismatchException e) {
            throw reported(e);
        }
    }

    /** An HTTP client passes IOExceptions through; the typed failure stays here for the caller. */
    private IOException reported(DigestMismatchException e) {
        failure = e;
        return new IOException(e.getMessage(), e);
    }
}
