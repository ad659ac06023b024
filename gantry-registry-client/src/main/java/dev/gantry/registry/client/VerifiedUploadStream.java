package dev.gantry.registry.client;

import dev.gantry.digest.HashState;
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
 * {@link DigestMismatchException} is kept for the caller. An upload continued after a cut
 * reads the rest through a new stream that goes on from the hash state the first one had
 * reached ({@link ResumePoints}), so the check still covers every byte of the blob.
 */
final class VerifiedUploadStream extends VerifyingInputStream {
    private final ResumePoints points;
    private volatile RuntimeException failure;

    /** The whole blob from byte 0, without resume points (a one-shot source). */
    VerifiedUploadStream(InputStream content, Descriptor descriptor, String what) {
        super(content, descriptor.digest().algorithm(), descriptor.digest(), descriptor.size(), Long.MAX_VALUE, true, what);
        this.points = null;
    }

    /** The blob from byte {@code from.count()} on ({@code rest} starts there), its states kept in {@code points}. */
    VerifiedUploadStream(InputStream rest, HashState from, Descriptor descriptor, String what, ResumePoints points) {
        super(rest, from, descriptor.digest(), descriptor.size(), true, what);
        this.points = points;
    }

    /** The verification failure, if one aborted the upload. */
    RuntimeException failure() {
        return failure;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        try {
            int n = super.read(buf, off, len);
            if (n > 0 && points != null) {
                points.passed(this);
            }
            return n;
        } catch (DigestMismatchException e) {
            throw reported(e);
        }
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            if (b >= 0 && points != null) {
                points.passed(this);
            }
            return b;
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
