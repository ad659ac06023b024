package dev.gantry.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Docker token server for tests: signs JWTs (RS256 with an RSA key, ES256 with a P-256 key)
 * made by the JDK's keytool, whose self-signed certificate a registry trusts
 * ({@code auth.token.rootcertbundle}, {@code gantry serve --auth-token-certs}). Tokens name
 * their key by the certificate in {@code x5c}, or by {@code kid} (the key's RFC 7638 thumbprint).
 * With the right Basic credentials ({@link DockerRegistry#USER}) every requested action is
 * granted; anonymously, only pull. Records each request's scopes.
 */
public final class TokenServer implements AutoCloseable {
    /** The identity (refresh) token the server accepts in a refresh-token POST, as Docker Hub's login hands out. */
    public static final String IDENTITY_TOKEN = "gantry-identity-token";
    public static final String SERVICE = "gantry-test-registry";
    public static final String ISSUER = "gantry-test-issuer";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    /** How tokens name the signing key. */
    public enum KeyHint { X5C, KID }

    private final HttpServer server;
    private final PrivateKey key;
    private final X509Certificate cert;
    private final Path certFile;
    private final Path publicKeyFile;
    private final KeyHint hint;
    /** "user SCOPES" or "anonymous SCOPES" per token request, in order. */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    /**
     * How many of the next tokens are already expired inside (by more than any registry's
     * leeway) while the answer claims 300 s, as a token server with a skewed clock might.
     */
    public final AtomicInteger staleTokens = new AtomicInteger();

    private TokenServer(HttpServer server, PrivateKey key, X509Certificate cert, Path certFile, Path publicKeyFile, KeyHint hint) {
        this.server = server;
        this.key = key;
        this.cert = cert;
        this.certFile = certFile;
        this.publicKeyFile = publicKeyFile;
        this.hint = hint;
    }

    /** RS256 tokens carrying their certificate in x5c. */
    public static TokenServer start(Path dir) throws IOException, GeneralSecurityException {
        return start(dir, "RSA", KeyHint.X5C);
    }

    /** {@code keyAlgorithm} RSA (RS256) or EC (ES256); files go in a fresh subdirectory of {@code dir}. */
    public static TokenServer start(Path dir, String keyAlgorithm, KeyHint hint) throws IOException, GeneralSecurityException {
        Path home = Files.createTempDirectory(dir, "token-server-");
        Path keystore = home.resolve("token-key.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        List<String> command = new ArrayList<>(List.of(keytool, "-genkeypair", "-alias", "token", "-keyalg", keyAlgorithm));
        command.addAll(keyAlgorithm.equals("EC") ? List.of("-groupname", "secp256r1") : List.of("-keysize", "2048"));
        command.addAll(List.of("-dname", "CN=gantry-token-issuer", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit"));
        PeerTools.run(null, command.toArray(String[]::new));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey("token", "changeit".toCharArray());
        X509Certificate cert = (X509Certificate) ks.getCertificate("token");
        Path certFile = Files.writeString(home.resolve("token-cert.pem"), pem("CERTIFICATE", cert.getEncoded()));
        Path publicKeyFile = Files.writeString(home.resolve("token-key.pub.pem"), pem("PUBLIC KEY", cert.getPublicKey().getEncoded()));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        TokenServer tokens = new TokenServer(server, key, cert, certFile, publicKeyFile, hint);
        server.createContext("/token", tokens::handle);
        server.start();
        return tokens;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** The self-signed certificate of the signing key, PEM. */
    public Path certFile() {
        return certFile;
    }

    /** The signing key's public key alone, PEM ("BEGIN PUBLIC KEY"). */
    public Path publicKeyFile() {
        return publicKeyFile;
    }

    /** A docker-registry {@code auth:} section trusting this server. */
    public String registryAuthConfig() {
        return """
                auth:
                  token:
                    realm: %s
                    service: %s
                    issuer: %s
                    rootcertbundle: %s
                """.formatted(realm(), SERVICE, ISSUER, certFile);
    }

    /**
     * A token signed by this server with exactly these claims: every action of each scope
     * ({@code repository:NAME:pull,push}) granted. Tests mint wrong issuers, audiences and lifetimes with it.
     */
    public String token(String issuer, String audience, Instant expires, String... scopes) throws GeneralSecurityException, IOException {
        ObjectNode claims = JSON.createObjectNode();
        Instant now = Instant.now();
        claims.put("iss", issuer).put("sub", "gantry").put("aud", audience).put("iat", now.getEpochSecond())
                .put("nbf", now.getEpochSecond() - 10).put("exp", expires.getEpochSecond()).put("jti", UUID.randomUUID().toString());
        ArrayNode access = claims.putArray("access");
        for (String scope : scopes) {
            addAccess(access, scope, true);
        }
        return sign(claims);
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            boolean authenticated = auth != null && auth.equals("Basic " + Base64.getEncoder().encodeToString(
                    (DockerRegistry.USER + ":" + DockerRegistry.PASSWORD).getBytes(StandardCharsets.UTF_8)));
            String query = ex.getRequestURI().getRawQuery();
            String grant = "";
            if (ex.getRequestMethod().equals("POST")) {
                // OAuth2 refresh-token grant (identity tokens): the form carries the token and the scopes.
                query = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                authenticated = query.contains("grant_type=refresh_token") && query.contains("refresh_token=" + IDENTITY_TOKEN);
                auth = authenticated ? auth : "refused";
                grant = "refresh-token ";
            }
            if (auth != null && !authenticated) {
                reply(ex, 401, "{\"details\":\"wrong credentials\"}");
                return;
            }
            List<String> scopes = new ArrayList<>();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                if (pair.startsWith("scope=")) {
                    scopes.add(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
                }
            }
            requests.add(grant + (authenticated ? "user " : "anonymous ") + String.join(" ", scopes));
            ObjectNode claims = JSON.createObjectNode();
            Instant now = Instant.now();
            claims.put("iss", ISSUER).put("sub", authenticated ? "gantry" : "").put("aud", SERVICE)
                    .put("iat", now.getEpochSecond()).put("nbf", now.getEpochSecond() - 7200)
                    .put("exp", now.getEpochSecond() + (staleTokens.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? -3600 : 300))
                    .put("jti", UUID.randomUUID().toString());
            ArrayNode access = claims.putArray("access");
            for (String scope : scopes) {
                addAccess(access, scope, authenticated);
            }
            reply(ex, 200, JSON.writeValueAsString(JSON.createObjectNode().put("token", sign(claims)).put("expires_in", 300)));
        } catch (GeneralSecurityException e) {
            reply(ex, 500, "{\"details\":\"" + e + "\"}");
        }
    }

    /** One access entry for "type:name:actions" (a repository name has no colon; a host:port one would need more care). */
    private static void addAccess(ArrayNode access, String scope, boolean allActions) {
        int last = scope.lastIndexOf(':');
        int first = scope.indexOf(':');
        if (first < 0 || last == first) {
            return;
        }
        ArrayNode actions = access.addObject().put("type", scope.substring(0, first)).put("name", scope.substring(first + 1, last)).putArray("actions");
        for (String action : scope.substring(last + 1).split(",")) {
            if (allActions || action.equals("pull")) {
                actions.add(action);
            }
        }
    }

    private String sign(ObjectNode claims) throws GeneralSecurityException, IOException {
        boolean ec = key.getAlgorithm().equals("EC");
        ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", ec ? "ES256" : "RS256");
        if (hint == KeyHint.X5C) {
            header.putArray("x5c").add(Base64.getEncoder().encodeToString(cert.getEncoded()));
        } else {
            header.put("kid", thumbprint());
        }
        String signingInput = URL.encodeToString(JSON.writeValueAsBytes(header)) + "." + URL.encodeToString(JSON.writeValueAsBytes(claims));
        // JWS wants ECDSA signatures as r||s, not DER: the JDK's P1363 format is exactly that.
        Signature signer = Signature.getInstance(ec ? "SHA256withECDSAinP1363Format" : "SHA256withRSA");
        signer.initSign(key);
        signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + URL.encodeToString(signer.sign());
    }

    /** RFC 7638: SHA-256 of the public JWK's required members in lexical order, no whitespace. */
    private String thumbprint() throws GeneralSecurityException {
        String jwk = switch (cert.getPublicKey()) {
            case RSAPublicKey rsa -> "{\"e\":\"" + unsigned(rsa.getPublicExponent(), 0) + "\",\"kty\":\"RSA\",\"n\":\"" + unsigned(rsa.getModulus(), 0) + "\"}";
            case ECPublicKey ecKey -> "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + unsigned(ecKey.getW().getAffineX(), 32)
                    + "\",\"y\":\"" + unsigned(ecKey.getW().getAffineY(), 32) + "\"}";
            default -> throw new GeneralSecurityException("no thumbprint for " + cert.getPublicKey().getAlgorithm());
        };
        return URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(jwk.getBytes(StandardCharsets.UTF_8)));
    }

    /** Big-endian bytes without a sign byte, left-padded to {@code width} when given. */
    private static String unsigned(BigInteger value, int width) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (width > bytes.length) {
            byte[] padded = new byte[width];
            System.arraycopy(bytes, 0, padded, width - bytes.length, bytes.length);
            bytes = padded;
        }
        return URL.encodeToString(bytes);
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
