package dev.gantry.error;

import dev.gantry.digest.Digest;

/** Content whose digest or size differs from what its descriptor promised. */
public class DigestMismatchException extends GantryException {
    private final Digest expected;
    private final Digest actual;

    public DigestMismatchException(String what, Digest expected, Digest actual) {
        super(what + ": expected digest " + expected + " but content hashes to " + actual);
        this.expected = expected;
        this.actual = actual;
    }

    public DigestMismatchException(String message) {
        super(message);
        this.expected = null;
        this.actual = null;
    }

    public Digest expected() {
        return expected;
    }

    public Digest actual() {
        return actual;
    }
}
