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
 */
public record Digest(DigestAlgorithm algorithm, String hex) implements Comparable<Digest> {
    private static final Pattern GRAMMAR = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");
    private static final Pattern LOWER_HEX = Pattern.compile("[a-f0-9]+");

    public Digest {
        if (algorithm == null) {
            throw new InvalidInputException("digest has no algorithm (supported: sha256, sha512)");
        }
        if (hex == null || hex.length() != algorithm.hexLength() || !LOWER_HEX.matcher(hex).matches()) {
            throw new InvalidInputException("invalid " + algorithm.id() + " digest hex '" + hex + "': " + algorithm.id()
                    + " needs " + algorithm.hexLength() + " lowercase hex digits");
        }
    }

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

    public static Digest of(DigestAlgorithm algorithm, byte[] content) {
        return new Digest(algorithm, HexFormat.of().formatHex(algorithm.newHasher().digest(content)));
    }

    public static Digest sha256(byte[] content) {
        return of(DigestAlgorithm.SHA256, content);
    }

    static Digest fromHash(DigestAlgorithm algorithm, byte[] hash) {
        return new Digest(algorithm, HexFormat.of().formatHex(hash));
    }

    /** True when {@code content} hashes to this digest. */
    public boolean matches(byte[] content) {
        return of(algorithm, content).equals(this);
    }

    /** The first 12 hex digits, as Docker shows image IDs. */
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
