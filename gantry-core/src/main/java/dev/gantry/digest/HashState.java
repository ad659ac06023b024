package dev.gantry.digest;

import java.security.MessageDigest;

/**
 * A running hash stopped after the first {@link #count()} bytes of some content, to continue
 * from there: an upload cut midway hashes the rest of the content on top of the state it had
 * reached where the receiver's copy ends, instead of re-reading the whole prefix. Immutable: it
 * holds its own copy of the hasher and hands out copies.
 */
public final class HashState {
    private final DigestAlgorithm algorithm;
    private final MessageDigest hasher;
    private final long count;

    private HashState(DigestAlgorithm algorithm, MessageDigest hasher, long count) {
        this.algorithm = algorithm;
        this.hasher = hasher;
        this.count = count;
    }

    /**
     * The state before any byte.
     *
     * @param algorithm the hash to run
     * @return a state covering nothing
     */
    public static HashState start(DigestAlgorithm algorithm) {
        return new HashState(algorithm, algorithm.newHasher(), 0);
    }

    /** The state of {@code hasher} after {@code count} bytes (copied: the hasher may go on). */
    static HashState of(DigestAlgorithm algorithm, MessageDigest hasher, long count) {
        return new HashState(algorithm, DigestingInputStream.snapshot(hasher), count);
    }

    /**
     * The hash this state runs.
     *
     * @return the algorithm
     */
    public DigestAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * How many leading bytes of the content the state covers.
     *
     * @return the byte count
     */
    public long count() {
        return count;
    }

    /** A hasher to continue with; the state itself never changes. */
    MessageDigest hasher() {
        return DigestingInputStream.snapshot(hasher);
    }

    @Override
    public String toString() {
        return algorithm.id() + " state after " + count + " bytes";
    }
}
