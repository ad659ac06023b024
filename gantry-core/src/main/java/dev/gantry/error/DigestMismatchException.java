package dev.gantry.error;

import dev.gantry.digest.Digest;

/** Content whose digest or size differs from what its descriptor promised. */
public class DigestMismatchException extends GantryException {
    private final Digest expected;
    private final Digest actual;

    /**
     * A content mismatch with both digests known; the message says what was read and both digests.
     *
     * @param what     the content checked, e.g. "layer sha256:... (blobs/sha256/... in oci:/tmp/img)"
     * @param expected the digest its descriptor names
     * @param actual   the digest of the bytes that were read
     */
    public DigestMismatchException(String what, Digest expected, Digest actual) {
        super(what + ": expected digest " + expected + " but content hashes to " + actual);
        this.expected = expected;
        this.actual = actual;
    }

    /**
     * A mismatch that is not between two digests (content longer or shorter than its declared size);
     * {@link #expected()} and {@link #actual()} are then null.
     *
     * @param message what was read, what its descriptor declared and what was found
     */
    public DigestMismatchException(String message) {
        super(message);
        this.expected = null;
        this.actual = null;
    }

    /** {@return the digest the descriptor promised, or null when the mismatch was of size alone} */
    public Digest expected() {
        return expected;
    }

    /** {@return the digest the content really has, or null when the mismatch was of size alone} */
    public Digest actual() {
        return actual;
    }
}
