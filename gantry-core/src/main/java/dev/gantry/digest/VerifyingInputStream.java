package dev.gantry.digest;

import dev.gantry.error.DigestMismatchException;
import dev.gantry.error.LimitExceededException;

import java.io.IOException;
import java.io.InputStream;

/**
 * The one stream that checks content while it passes: against an expected digest and size, and
 * against a byte limit (a layer's expansion budget). It fails the read that reaches the end (or
 * the first byte past {@code size} or the limit), so a consumer that commits only after a clean
 * end-of-stream never makes unverified bytes visible. The hashing, counting and refusal of
 * mark/reset are {@link DigestingInputStream}'s; this adds the checks, once per bulk read.
 *
 * <p>Three uses: a blob read from a source ({@link #VerifyingInputStream(InputStream, Digest, long, String)}),
 * a layer's uncompressed tar counted against its budget and checked against its diff_id
 * ({@link #bounded}), and an upload body that must fail <em>before</em> its last bytes leave
 * (the constructor's {@code checkBeforeLastBytes}: an HTTP body read from it is cut short of its
 * Content-Length when the content does not match, so the receiver never gets a complete body).
 */
public class VerifyingInputStream extends DigestingInputStream {
    private final Digest expected;
    private final long expectedSize;
    private final long limit;
    private final boolean checkBeforeLastBytes;
    private final String what;
    private boolean verified;
    private DigestMismatchException failure;

    /**
     * A blob as read from a source, checked against its descriptor: its digest, and its size when known.
     *
     * @param in           the stored bytes
     * @param expected     the digest the content must hash to
     * @param expectedSize the size the content must have, or -1 when unknown
     * @param what         names the content in errors, e.g. "layer sha256:ab.. in oci:/x"
     */
    public VerifyingInputStream(InputStream in, Digest expected, long expectedSize, String what) {
        this(in, expected.algorithm(), expected, expectedSize, Long.MAX_VALUE, false, what);
    }

    /**
     * The general form, for subclasses that choose each check (uploads checking before their last bytes).
     *
     * @param in                   the content
     * @param algorithm            what to hash with, or null to only count
     * @param expected             null to check nothing but sizes (nor hash at all, when {@code algorithm} is null)
     * @param expectedSize         the size the content must have, or -1 when unknown
     * @param limit                the most bytes the content may have; past it, {@link LimitExceededException}
     * @param checkBeforeLastBytes reads stop at {@code expectedSize}, and the read that would return the last
     *                             bytes first checks that no byte follows and that the digest matches
     * @param what                 names the content in errors
     * @throws IllegalArgumentException when {@code checkBeforeLastBytes} is asked without a known size
     */
    protected VerifyingInputStream(InputStream in, DigestAlgorithm algorithm, Digest expected, long expectedSize,
                                   long limit, boolean checkBeforeLastBytes, String what) {
        super(in, algorithm);
        if (checkBeforeLastBytes && expectedSize < 0) {
            throw new IllegalArgumentException("checking before the last bytes needs a known size");
        }
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.limit = limit;
        this.checkBeforeLastBytes = checkBeforeLastBytes;
        this.what = what;
    }

    /**
     * Verifies content whose first {@code from.count()} bytes were hashed already (by another
     * stream over the same content, which was cut): {@code rest} starts at that byte, and the
     * digest and size checks cover the whole content, as if one stream had read it all.
     *
     * @param rest                 the content from byte {@code from.count()} on
     * @param from                 the hash of the bytes before {@code rest}
     * @param expected             the whole content's digest (of {@code from}'s algorithm), or null to check sizes only
     * @param expectedSize         the whole content's size, or -1 when unknown
     * @param checkBeforeLastBytes as for the other constructor: the read that would return the last bytes checks first
     * @param what                 names the content in errors
     * @throws IllegalArgumentException when {@code expected} is of another algorithm than {@code from}, or
     *                                  {@code checkBeforeLastBytes} is asked without a size
     */
    protected VerifyingInputStream(InputStream rest, HashState from, Digest expected, long expectedSize,
                                   boolean checkBeforeLastBytes, String what) {
        super(rest, from);
        if (checkBeforeLastBytes && expectedSize < 0) {
            throw new IllegalArgumentException("checking before the last bytes needs a known size");
        }
        if (expected != null && expected.algorithm() != from.algorithm()) {
            throw new IllegalArgumentException("a " + from + " cannot verify " + expected);
        }
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.limit = Long.MAX_VALUE;
        this.checkBeforeLastBytes = checkBeforeLastBytes;
        this.what = what;
    }

    /**
     * A layer's uncompressed tar: at most {@code limit} bytes, hashed and checked against
     * {@code expected} (its diff_id) at the end when there is one, only counted otherwise.
     *
     * @param in       the uncompressed tar
     * @param expected the layer's diff_id, or null to count only
     * @param limit    the expansion budget in bytes ({@link dev.gantry.layer.ExpansionLimits#budget})
     * @param what     names the layer in errors
     * @return the checking stream; a read past the limit throws {@link LimitExceededException}, the read
     *         reaching the end with other content {@link DigestMismatchException}
     */
    public static VerifyingInputStream bounded(InputStream in, Digest expected, long limit, String what) {
        return new VerifyingInputStream(in, expected == null ? null : expected.algorithm(), expected, -1, limit, false, what);
    }

    @Override
    public int read() throws IOException {
        if (atSize()) {
            return -1;
        }
        int b = super.read();
        checkAfter(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (atSize()) {
            return -1;
        }
        if (checkBeforeLastBytes) {
            len = (int) Math.min(len, expectedSize - count());
        }
        int n = super.read(buf, off, len);
        checkAfter(n);
        return n;
    }

    /** With {@code checkBeforeLastBytes}: true once all {@code expectedSize} bytes are read (and checked). */
    private boolean atSize() throws IOException {
        if (checkBeforeLastBytes && count() >= expectedSize) {
            checkAtSize();
            return true;
        }
        return false;
    }

    /** The checks after a read that returned {@code n}, before its bytes are handed over. */
    private void checkAfter(int n) throws IOException {
        if (n < 0) {
            verifyAtEnd();
            return;
        }
        long count = count();
        if (count > limit) {
            // Callers name the layer (and entry) around this message.
            throw new LimitExceededException("uncompressed data exceeds the limit of " + limit
                    + " bytes for its stored size (a decompression bomb?); raise it with --max-expansion if the image is genuine");
        }
        if (expectedSize >= 0 && count > expectedSize) {
            throw longer();
        }
        if (checkBeforeLastBytes && n > 0 && count == expectedSize) {
            checkAtSize();
        }
    }

    @Override
    public void reset() throws IOException {
        throw new IOException("mark/reset is not supported: " + what + " is verified as it streams");
    }

    /** {@return true once the end was reached and every check passed} */
    public boolean verified() {
        return verified;
    }

    /** All {@code expectedSize} bytes are read: nothing may follow, and the digest must match. */
    private void checkAtSize() throws IOException {
        if (!verified && failure == null && in.read() >= 0) {
            throw longer();
        }
        verifyAtEnd();
    }

    private DigestMismatchException longer() {
        return new DigestMismatchException(what + ": content is longer than the " + expectedSize
                + " bytes its descriptor states");
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
        if (expected != null) {
            Digest actual = digest();
            if (!actual.equals(expected)) {
                failure = new DigestMismatchException(what, expected, actual);
                throw failure;
            }
        }
        verified = true;
    }
}
