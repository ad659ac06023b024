package dev.gantry.registry.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.gantry.error.InvalidInputException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The token issuer's keys, from one PEM file ({@code --auth-token-certs}): CERTIFICATE blocks are
 * roots that {@code x5c} chains must lead to, and their keys may also be named by {@code kid};
 * PUBLIC KEY blocks are keys named by {@code kid} only. A {@code kid} is matched in both forms
 * token servers use: the RFC 7638 JWK thumbprint (distribution 3) and libtrust's key ID
 * (distribution 2, docker_auth).
 */
public final class TrustedKeys {
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private final List<X509Certificate> roots;
    private final Map<String, PublicKey> byKeyId;

    private TrustedKeys(List<X509Certificate> roots, Map<String, PublicKey> byKeyId) {
        this.roots = List.copyOf(roots);
        this.byKeyId = Map.copyOf(byKeyId);
    }

    /**
     * Reads the issuer's keys from a PEM file; other text between the blocks is ignored.
     *
     * @param file PEM {@code CERTIFICATE} and {@code PUBLIC KEY} blocks, RSA or EC (P-256, P-384, P-521)
     * @return the trusted keys and roots
     * @throws IOException when the file cannot be read
     * @throws InvalidInputException when a block is of another kind (a private key, say), a certificate or key
     *                               cannot be read or is of another algorithm, or the file holds no block at all
     */
    public static TrustedKeys load(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<X509Certificate> roots = new ArrayList<>();
        Map<String, PublicKey> byKeyId = new HashMap<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            PublicKey key = switch (m.group(1)) {
                case "CERTIFICATE" -> {
                    X509Certificate cert = certificate(der, file);
                    roots.add(cert);
                    yield cert.getPublicKey();
                }
                case "PUBLIC KEY" -> publicKey(der, file);
                default -> throw new InvalidInputException("token signing keys " + file + " hold a '" + m.group(1)
                        + "' PEM block; only CERTIFICATE and PUBLIC KEY blocks are trusted (never give a private key)");
            };
            for (String id : keyIds(key, file)) {
                byKeyId.put(id, key);
            }
        }
        if (byKeyId.isEmpty()) {
            throw new InvalidInputException("no certificate or public key in " + file
                    + ": expected PEM blocks '-----BEGIN CERTIFICATE-----' or '-----BEGIN PUBLIC KEY-----' of the token issuer");
        }
        return new TrustedKeys(roots, byKeyId);
    }

    List<X509Certificate> roots() {
        return roots;
    }

    /** The trusted key a token's {@code kid} names, or null. */
    PublicKey byKeyId(String kid) {
        return byKeyId.get(kid);
    }

    boolean trusts(PublicKey key) {
        return byKeyId.containsValue(key);
    }

    private static X509Certificate certificate(byte[] der, Path file) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new InvalidInputException("cannot read a certificate in token signing keys " + file + ": " + e.getMessage(), e);
        }
    }

    private static PublicKey publicKey(byte[] der, Path file) {
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new InvalidInputException("a PUBLIC KEY in token signing keys " + file + " is neither an RSA nor an EC key");
    }

    /** The IDs a token server may put in {@code kid} for this key. */
    static List<String> keyIds(PublicKey key, Path file) {
        try {
            JWK jwk = switch (key) {
                case RSAPublicKey rsa -> new RSAKey.Builder(rsa).build();
                case ECPublicKey ec -> new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
                default -> throw new InvalidInputException("token signing key in " + file + " is " + key.getAlgorithm()
                        + "; RSA and EC (P-256, P-384, P-521) keys are supported");
            };
            return List.of(jwk.computeThumbprint().toString(), libtrustKeyId(key));
        } catch (JOSEException | IllegalArgumentException | NullPointerException e) {
            throw new InvalidInputException("cannot use the token signing key in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * libtrust's key ID: SHA-256 of the DER public key, its first 240 bits in base32, in twelve
     * colon-separated groups of four characters.
     */
    static String libtrustKeyId(PublicKey key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            String base32 = Base32.encode(java.util.Arrays.copyOf(hash, 30));
            StringBuilder id = new StringBuilder();
            for (int i = 0; i < base32.length(); i += 4) {
                if (i > 0) {
                    id.append(':');
                }
                id.append(base32, i, i + 4);
            }
            return id.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** RFC 4648 base32 of whole 5-byte groups (libtrust hashes 30 bytes: no padding arises). */
    private static final class Base32 {
        private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

        static String encode(byte[] bytes) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < bytes.length; i += 5) {
                long group = 0;
                for (int j = 0; j < 5; j++) {
                    group = (group << 8) | (bytes[i + j] & 0xff);
                }
                for (int shift = 35; shift >= 0; shift -= 5) {
                    out.append(ALPHABET.charAt((int) (group >> shift) & 31));
                }
            }
            return out.toString();
        }
    }
}
