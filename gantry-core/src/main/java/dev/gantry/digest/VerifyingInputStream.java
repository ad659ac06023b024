package dev.gantry.digest;

import dev.gantry.error.DigestMismatchException;

import java.io.IOException;
import java.io.InputStream;

/**
 * Passes content through while checking it against an expected digest and size. It fails the
 * read that reaches the end (or the first byte past {@code size}), so a consumer that commits
 * only after a clean end-of-stream never makes unverified bytes visible. The hashing, counting
 * and refusal of mark/reset are {@link DigestingInputStream}'s; this adds the checks.
 */
public class VerifyingInputStream extends DigestingInputStream {
    private final Digest expected;
    private final long expectedSize;
    private final String what;
    private boolean verified;
    private DigestMismatchException failure;

    /**
     * @param expectedSize the size the content must have, or -1 when unknown
     * @param what         names the content in errors, e.g. "layer sha256:ab.. in oci:/x"
     */
    public VerifyingInputStream(InputStream in, Digest expected, long expectedSize, String what) {
        super(in, expected.algorithm());
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0 && expectedSize >= 0 && count() > expectedSize) {
            throw new DigestMismatchException(what + ": content is longer than the " + expectedSize
                    + " bytes its descriptor states");
        }
        if (n < 0) {
            verifyAtEnd();
        }
        return n;
    }

    @Override
    public void reset() throws IOException {
        throw new IOException("mark/reset is not supported: " + what + " is verified as it streams");
    }

    public boolean verified() {
        return verified;
    }

    private void verifyAtEnd() {
        if (verified) {
            return;
        }
        if (failure != null) {
            // Read again at the end: report the same mismatch.
            throw failure;
        }
        if (expectedSize >= 0 && count() != expectedSize) {
            throw new DigestMismatchException(what + ": content is " + count() + " bytes but its descriptor states "
                    + expectedSize + " (truncated?)");
        }
        Digest actual = digest();
        if (!actual.equals(expected)) {
            failure = new DigestMismatchException(what, expected, actual);
            throw failure;
        }
        verified = true;
    }
}
