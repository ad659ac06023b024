package dev.gantry.digest;

import dev.gantry.error.UnsupportedFormatException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The digest algorithms image-spec registers; others parse by the grammar but cannot be verified. */
public enum DigestAlgorithm {
    /** SHA-256: 64 hex digits; what Gantry and every common tool writes. */
    SHA256("sha256", "SHA-256", 64),
    /** SHA-512: 128 hex digits; accepted wherever a digest is read. */
    SHA512("sha512", "SHA-512", 128);

    private final String id;
    private final String jcaName;
    private final int hexLength;

    DigestAlgorithm(String id, String jcaName, int hexLength) {
        this.id = id;
        this.jcaName = jcaName;
        this.hexLength = hexLength;
    }

    /** {@return the name used in digests, {@code sha256} or {@code sha512}} */
    public String id() {
        return id;
    }

    /** {@return how many hex digits a digest of this algorithm has} */
    public int hexLength() {
        return hexLength;
    }

    /** {@return a fresh JDK hasher for this algorithm, for one piece of content} */
    public MessageDigest newHasher() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + jcaName, e);
        }
    }

    /**
     * The algorithm a digest names.
     *
     * @param id the part before the colon, e.g. {@code sha256}
     * @return the algorithm
     * @throws UnsupportedFormatException for any other algorithm, which Gantry cannot verify
     */
    public static DigestAlgorithm of(String id) {
        for (DigestAlgorithm a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new UnsupportedFormatException("unsupported digest algorithm '" + id + "' (supported: sha256, sha512)");
    }
}
