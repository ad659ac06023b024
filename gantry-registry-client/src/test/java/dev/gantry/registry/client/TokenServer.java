package dev.gantry.registry.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.testing.PeerTools;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Docker token server for tests: signs RS256 JWTs with a key made by the JDK's keytool, whose
 * self-signed certificate the registry trusts ({@code auth.token.rootcertbundle}); the token
 * carries the certificate in {@code x5c}. With the right Basic credentials every requested
 * action is granted; anonymously, only pull. Records each request's scopes.
 */
final class TokenServer implements AutoCloseable {
    /** The identity (refresh) token the server accepts in a refresh-token POST, as Docker Hub's login hands out. */
    static final String IDENTITY_TOKEN = "gantry-identity-token";
    static final String SERVICE = "gantry-test-registry";
    static final String ISSUER = "gantry-test-issuer";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final PrivateKey key;
    private final X509Certificate cert;
    private final Path certFile;
    final List<String> requests = new CopyOnWriteArrayList<>();
    /**
     * How many of the next tokens are already expired inside (by more than any registry's
     * leeway) while the answer claims 300 s, as a token server with a skewed clock might.
     */
    final java.util.concurrent.atomic.AtomicInteger staleTokens = new java.util.concurrent.atomic.AtomicInteger();

    private TokenServer(HttpServer server, PrivateKey key, X509Certificate cert, Path certFile) {
        this.server = server;
        this.key = key;
        this.cert = cert;
        this.certFile = certFile;
    }

    static TokenServer start(Path dir) throws IOException, GeneralSecurityException {
        Path keystore = dir.resolve("token-key.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        PeerTools.run(null, keytool, "-genkeypair", "-alias", "token", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=gantry-token-issuer", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey("token", "changeit".toCharArray());
        X509Certificate cert = (X509Certificate) ks.getCertificate("token");
        Path certFile = dir.resolve("token-cert.pem");
        Files.writeString(certFile, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        TokenServer tokens = new TokenServer(server, key, cert, certFile);
        server.createContext("/token", tokens::handle);
        server.start();
        return tokens;
    }

    String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    Path certFile() {
        return certFile;
    }

    /** The registry's {@code auth:} section trusting this server. */
    String registryAuthConfig() {
        return """
                auth:
                  token:
                    realm: %s
                    service: %s
                    issuer: %s
                    rootcertbundle: %s
                """.formatted(realm(), SERVICE, ISSUER, certFile);
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            boolean authenticated = auth != null && auth.equals("Basic " + Base64.getEncoder().encodeToString(
                    (dev.gantry.testing.DockerRegistry.USER + ":" + dev.gantry.testing.DockerRegistry.PASSWORD)
                            .getBytes(StandardCharsets.UTF_8)));
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
                    .put("exp", now.getEpochSecond() + (staleTokens.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? -3600 : 300)).put("jti", UUID.randomUUID().toString());
            ArrayNode access = claims.putArray("access");
            for (String scope : scopes) {
                String[] parts = scope.split(":");
                if (parts.length != 3) {
                    continue;
                }
                ArrayNode actions = access.addObject().put("type", parts[0]).put("name", parts[1]).putArray("actions");
                for (String action : parts[2].split(",")) {
                    if (authenticated || action.equals("pull")) {
                        actions.add(action);
                    }
                }
            }
            reply(ex, 200, JSON.writeValueAsString(JSON.createObjectNode().put("token", sign(claims)).put("expires_in", 300)));
        } catch (GeneralSecurityException e) {
            reply(ex, 500, "{\"details\":\"" + e + "\"}");
        }
    }

    private String sign(ObjectNode claims) throws GeneralSecurityException, IOException {
        ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256");
        header.putArray("x5c").add(Base64.getEncoder().encodeToString(cert.getEncoded()));
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = url.encodeToString(JSON.writeValueAsBytes(header)) + "." + url.encodeToString(JSON.writeValueAsBytes(claims));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + url.encodeToString(rsa.sign());
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
