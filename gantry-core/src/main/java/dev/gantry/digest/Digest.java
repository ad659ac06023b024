package dev.gantry.digest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.gantry.error.InvalidInputException;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest, {@code algorithm ":" encoded}, validated against image-spec's grammar and,
 * for the registered algorithms, the exact lowercase-hex length. Only sha256 and sha512 are
 * accepted because only those can be verified; the hex is validated so a digest can always be
 * used as a file name without escaping its directory.
 *
 * @param algorithm how the content was hashed
 * @param hex       the hash in lowercase hex, exactly as long as {@code algorithm} makes it
 */
public record Digest(DigestAlgorithm algorithm, String hex) implements Comparable<Digest> {
    private static final Pattern GRAMMAR = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");
    private static final Pattern LOWER_HEX = Pattern.compile("[a-f0-9]+");

    /**
     * Checks the parts: an algorithm, and exactly its number of lowercase hex digits.
     *
     * @throws InvalidInputException when the algorithm is missing or the hex is malformed
     */
    public Digest {
        if (algorithm == null) {
            throw new InvalidInputException("digest has no algorithm (supported: sha256, sha512)");
        }
        if (hex == null || hex.length() != algorithm.hexLength() || !LOWER_HEX.matcher(hex).matches()) {
            throw new InvalidInputException("invalid " + algorithm.id() + " digest hex '" + hex + "': " + algorithm.id()
                    + " needs " + algorithm.hexLength() + " lowercase hex digits");
        }
    }

    /**
     * Parses {@code algorithm:hex}, the form manifests, references and file names use; Jackson
     * reads digests through this too, so a malformed one in a document fails while it is parsed.
     *
     * @param text the digest as written, e.g. {@code sha256:} followed by 64 hex digits
     * @return the digest
     * @throws InvalidInputException                       when {@code text} does not follow the grammar or the hex is malformed
     * @throws dev.gantry.error.UnsupportedFormatException when the algorithm is well-formed but neither sha256 nor sha512
     */
    @JsonCreator
    public static Digest parse(String text) {
        if (text == null || !GRAMMAR.matcher(text).matches()) {
            throw new InvalidInputException("invalid digest '" + text + "': expected algorithm:hex, e.g. sha256:<64 hex digits>");
        }
        int colon = text.indexOf(':');
        DigestAlgorithm algorithm = DigestAlgorithm.of(text.substring(0, colon));
        String hex = text.substring(colon + 1);
        if (hex.length() != algorithm.hexLength() || !LOWER_HEX.matcher(hex).matches()) {
            throw new InvalidInputException("invalid digest '" + text + "': " + algorithm.id() + " needs "
                    + algorithm.hexLength() + " lowercase hex digits");
        }
        return new Digest(algorithm, hex);
    }

    /**
     * Hashes bytes held in memory (a manifest or config; blobs are hashed while streamed instead).
     *
     * @param algorithm the algorithm to hash with
     * @param content   the bytes
     * @return their digest
     */
    public static Digest of(DigestAlgorithm algorithm, byte[] content) {
        return new Digest(algorithm, HexFormat.of().formatHex(algorithm.newHasher().digest(content)));
    }

    /**
     * {@return the SHA-256 digest of {@code content}, the algorithm Gantry writes new content with}
     *
     * @param content the bytes to hash
     */
    public static Digest sha256(byte[] content) {
        return of(DigestAlgorithm.SHA256, content);
    }

    static Digest fromHash(DigestAlgorithm algorithm, byte[] hash) {
        return new Digest(algorithm, HexFormat.of().formatHex(hash));
    }

    /**
     * {@return true when {@code content} hashes to this digest}
     *
     * @param content the bytes to check, hashed with this digest's algorithm
     */
    public boolean matches(byte[] content) {
        return of(algorithm, content).equals(this);
    }

    /** {@return the first 12 hex digits, as Docker shows image IDs} */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @JsonValue
    @Override
    public String toString() {
        return algorithm.id() + ":" + hex;
    }

    @Override
    public int compareTo(Digest o) {
        return toString().compareTo(o.toString());
    }
}
