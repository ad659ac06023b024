package dev.gantry.digest;

import dev.gantry.error.UnsupportedFormatException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The digest algorithms image-spec registers; others parse by the grammar but cannot be verified. */
public enum DigestAlgorithm {
    SHA256("sha256", "SHA-256", 64),
    SHA512("sha512", "SHA-512", 128);

    private final String id;
    private final String jcaName;
    private final int hexLength;

    DigestAlgorithm(String id, String jcaName, int hexLength) {
        this.id = id;
        this.jcaName = jcaName;
        this.hexLength = hexLength;
    }

    public String id() {
        return id;
    }

    public int hexLength() {
        return hexLength;
    }

    public MessageDigest newHasher() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + jcaName, e);
        }
    }

    public static DigestAlgorithm of(String id) {
        for (DigestAlgorithm a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new UnsupportedFormatException("unsupported digest algorithm '" + id + "' (supported: sha256, sha512)");
    }
}
