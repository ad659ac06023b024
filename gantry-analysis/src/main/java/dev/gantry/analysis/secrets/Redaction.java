package dev.gantry.analysis.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What may be printed about a secret: a few leading characters and its length, and a
 * fingerprint (the first 16 hex digits of its SHA-256) that names it in an allow-list without
 * revealing it. The fingerprint depends on the value only, so one allow-list entry covers a
 * known test key wherever it appears.
 */
final class Redaction {
    private Redaction() {
    }

    /** e.g. "MIIE…(1675 chars)": 4 leading characters of long secrets, 2 of mid-sized ones, none of short ones. */
    static String excerpt(String secret) {
        String flat = secret.strip().replaceAll("\\s+", "");
        int shown = flat.length() >= 16 ? 4 : flat.length() >= 8 ? 2 : 0;
        return flat.substring(0, shown) + "…(" + flat.length() + " chars)";
    }

    static String fingerprint(String secret) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(secret.strip().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
