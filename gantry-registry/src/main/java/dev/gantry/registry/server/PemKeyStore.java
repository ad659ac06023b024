package dev.gantry.registry.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The certificate chain and private key distribution takes (PEM certificates, leaf first, and a
 * PEM PKCS#8 key), turned into an in-memory key store with the JDK alone.
 */
final class PemKeyStore {
    static final String ALIAS = "gantry";
    /** Only an in-memory store: the password protects nothing but is required by the API. */
    static final char[] PASSWORD = "gantry".toCharArray();
    private static final Pattern KEY = Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");

    private PemKeyStore() {
    }

    /** Thrown when a certificate or key file cannot be used; the message names the file and what is wrong. */
    static final class TlsFileException extends IOException {
        TlsFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static KeyStore load(Path certificateChain, Path privateKey) throws IOException {
        List<? extends Certificate> chain = certificates(certificateChain);
        PrivateKey key = privateKey(privateKey);
        if (!belongTogether(key, chain.getFirst().getPublicKey())) {
            throw new TlsFileException("the private key " + privateKey + " does not go with the first certificate in " + certificateChain
                    + " (the server's own certificate must come first, its key in the key file)", null);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, PASSWORD, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException e) {
            throw new TlsFileException("the private key " + privateKey + " does not go with the certificate " + certificateChain + ": " + e.getMessage(), e);
        }
    }

    /** Signs a few bytes with the key and checks them with the certificate's public key: the one test that works for every algorithm. */
    private static boolean belongTogether(PrivateKey key, PublicKey certified) throws TlsFileException {
        if (!key.getAlgorithm().equals(certified.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return true; // RSASSA-PSS and the like: the TLS handshake will tell
        }
        try {
            byte[] probe = "gantry".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new TlsFileException("cannot check that the private key goes with the certificate: " + e.getMessage(), e);
        }
    }

    private static List<? extends Certificate> certificates(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            List<? extends Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes)));
            if (chain.isEmpty()) {
                throw new TlsFileException("no certificate in " + file + ": expected PEM blocks '-----BEGIN CERTIFICATE-----'", null);
            }
            return chain;
        } catch (GeneralSecurityException e) {
            throw new TlsFileException("cannot read the certificate chain " + file + " (PEM X.509 expected): " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher m = KEY.matcher(text);
        if (!m.find()) {
            String hint = text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN EC PRIVATE KEY")
                    ? "; this is a PKCS#1/SEC1 key, convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8"
                    : text.contains("BEGIN ENCRYPTED PRIVATE KEY") ? "; the key is encrypted, give it unencrypted (openssl pkcs8 -nocrypt)" : "";
            throw new TlsFileException("no PKCS#8 private key ('-----BEGIN PRIVATE KEY-----') in " + file + hint, null);
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new TlsFileException("cannot read the private key in " + file + " as any of " + KEY_ALGORITHMS, last);
    }
}
