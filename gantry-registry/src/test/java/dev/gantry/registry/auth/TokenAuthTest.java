package dev.gantry.registry.auth;

import dev.gantry.digest.Digest;
import dev.gantry.registry.server.TokenAuthConfig;
import dev.gantry.registry.testing.TestRegistry;
import dev.gantry.testing.DockerRegistry;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import dev.gantry.testing.TokenServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static dev.gantry.registry.testing.TestRegistry.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * `gantry serve` as a resource server for Docker token auth: the challenge clients follow, the
 * scopes each endpoint needs, every way a token is refused, mounts that respect read access,
 * and skopeo logging in through the token server.
 */
class TokenAuthTest {
    @TempDir
    static Path dir;
    static TokenServer tokens;
    static TestRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        tokens = TokenServer.start(dir);
        registry = new TestRegistry(dir.resolve("data"), config -> config.withTokenAuth(
                new TokenAuthConfig(tokens.realm(), TokenServer.SERVICE, TokenServer.ISSUER, tokens.certFile())));
    }

    @AfterAll
    static void stop() throws Exception {
        registry.close();
        tokens.close();
    }

    private static String token(String... scopes) throws Exception {
        return tokens.token(TokenServer.ISSUER, TokenServer.SERVICE, Instant.now().plusSeconds(300), scopes);
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static String challenge(HttpResponse<byte[]> r) {
        return r.headers().firstValue("WWW-Authenticate").orElseThrow();
    }

    @Test
    void withoutATokenIs401WithTheBearerChallengeNamingTheScope() throws Exception {
        HttpResponse<byte[]> r = registry.get("/v2/acme/app/tags/list");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(challenge(r)).isEqualTo("Bearer realm=\"" + tokens.realm() + "\",service=\"" + TokenServer.SERVICE
                + "\",scope=\"repository:acme/app:pull\"");
        assertThat(text(r)).contains("\"code\":\"UNAUTHORIZED\"");

        HttpResponse<byte[]> base = registry.get("/v2/");
        assertThat(base.statusCode()).isEqualTo(401);
        assertThat(challenge(base)).isEqualTo("Bearer realm=\"" + tokens.realm() + "\",service=\"" + TokenServer.SERVICE + "\"");
    }

    @Test
    void anInvalidNameNeverReachesTheChallenge() throws Exception {
        HttpResponse<byte[]> r = registry.get("/v2/Bad%22Name/tags/list");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(challenge(r)).isEqualTo("Bearer realm=\"" + tokens.realm() + "\",service=\"" + TokenServer.SERVICE + "\"");
        HttpResponse<byte[]> refused = registry.send("GET", "/v2/Bad%22Name/tags/list", null, bearer(token()));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(text(refused)).contains("NAME_INVALID");
    }

    @Test
    void anyValidTokenOpensTheBaseAndTheHealthCheckNeedsNone() throws Exception {
        assertThat(registry.send("GET", "/v2/", null, bearer(token())).statusCode()).isEqualTo(200);
        assertThat(registry.get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void pullOnlyTokenReadsButCannotPush() throws Exception {
        String pull = token("repository:acme/ro:pull");
        assertThat(registry.send("GET", "/v2/acme/ro/tags/list", null, bearer(pull)).statusCode()).isEqualTo(404); // NAME_UNKNOWN: past auth

        HttpResponse<byte[]> push = registry.send("POST", "/v2/acme/ro/blobs/uploads/", null, bearer(pull));
        assertThat(push.statusCode()).isEqualTo(401);
        assertThat(challenge(push)).endsWith(",scope=\"repository:acme/ro:pull,push\",error=\"insufficient_scope\"");
        HttpResponse<byte[]> manifest = registry.send("PUT", "/v2/acme/ro/manifests/v1", "{}".getBytes(StandardCharsets.UTF_8), bearer(pull));
        assertThat(manifest.statusCode()).isEqualTo(401);
        assertThat(challenge(manifest)).contains("error=\"insufficient_scope\"");
    }

    @Test
    void aTokenForOneRepositoryDoesNotOpenAnother() throws Exception {
        HttpResponse<byte[]> r = registry.send("GET", "/v2/acme/other/tags/list", null, bearer(token("repository:acme/mine:pull,push")));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(challenge(r)).endsWith(",scope=\"repository:acme/other:pull\",error=\"insufficient_scope\"");
    }

    @Test
    void deletesNeedTheDeleteAction() throws Exception {
        String pushPull = token("repository:acme/del:pull,push");
        Digest blob = pushBlob("acme/del", "to delete", pushPull);
        HttpResponse<byte[]> refused = registry.send("DELETE", "/v2/acme/del/blobs/" + blob, null, bearer(pushPull));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(challenge(refused)).endsWith(",scope=\"repository:acme/del:delete\",error=\"insufficient_scope\"");
        assertThat(registry.send("DELETE", "/v2/acme/del/blobs/" + blob, null, bearer(token("repository:acme/del:delete"))).statusCode())
                .isEqualTo(202);
    }

    @Test
    void theCatalogNeedsRegistryCatalogStar() throws Exception {
        HttpResponse<byte[]> refused = registry.send("GET", "/v2/_catalog", null, bearer(token("repository:acme/app:pull")));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(challenge(refused)).endsWith(",scope=\"registry:catalog:*\",error=\"insufficient_scope\"");
        assertThat(registry.send("GET", "/v2/_catalog", null, bearer(token("registry:catalog:*"))).statusCode()).isEqualTo(200);
    }

    @Test
    void tokensForAnotherAudienceOrIssuerExpiredOrTamperedAreInvalid() throws Exception {
        Instant later = Instant.now().plusSeconds(300);
        String scope = "repository:acme/app:pull";
        String good = token(scope);
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + (parts[2].startsWith("A") ? "B" : "A") + parts[2].substring(1);
        // Claims swapped under a valid signature: the signature no longer covers them.
        String otherClaims = parts[0] + "." + token("repository:acme/app:pull,push").split("\\.")[1] + "." + parts[2];
        for (String bad : new String[]{
                tokens.token(TokenServer.ISSUER, "another-registry", later, scope),
                tokens.token("someone-else", TokenServer.SERVICE, later, scope),
                tokens.token(TokenServer.ISSUER, TokenServer.SERVICE, Instant.now().minus(Duration.ofMinutes(5)), scope),
                tampered, otherClaims, "not-a-jwt"}) {
            HttpResponse<byte[]> r = registry.send("GET", "/v2/acme/app/tags/list", null, bearer(bad));
            assertThat(r.statusCode()).as(bad).isEqualTo(401);
            assertThat(challenge(r)).as(bad).endsWith(",scope=\"repository:acme/app:pull\",error=\"invalid_token\"");
        }
        assertThat(registry.send("GET", "/v2/acme/app/tags/list", null, bearer(good)).statusCode()).isEqualTo(404);
    }

    /**
     * The classic JWT forgeries: "alg": "none" with no signature, and key confusion, an HMAC
     * "signed" with the issuer's public key (which everyone has) as the secret.
     */
    @Test
    void unsignedAndKeyConfusionTokensAreInvalid() throws Exception {
        String[] parts = token("repository:acme/app:pull").split("\\.");
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String none = url.encodeToString(header.replaceFirst("\"alg\"\\s*:\\s*\"[^\"]+\"", "\"alg\":\"none\"")
                .getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        String hmacHeader = url.encodeToString(header.replaceFirst("\"alg\"\\s*:\\s*\"[^\"]+\"", "\"alg\":\"HS256\"")
                .getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Files.readAllBytes(tokens.publicKeyFile()), "HmacSHA256"));
        String confused = hmacHeader + "." + parts[1] + "."
                + url.encodeToString(mac.doFinal((hmacHeader + "." + parts[1]).getBytes(StandardCharsets.US_ASCII)));

        for (String forged : new String[]{none, confused}) {
            HttpResponse<byte[]> r = registry.send("GET", "/v2/acme/app/tags/list", null, bearer(forged));
            assertThat(r.statusCode()).as(forged).isEqualTo(401);
            assertThat(challenge(r)).as(forged).endsWith(",error=\"invalid_token\"");
        }
    }

    @Test
    void expiryAllowsAMinuteOfClockSkew() throws Exception {
        String justExpired = tokens.token(TokenServer.ISSUER, TokenServer.SERVICE, Instant.now().minusSeconds(20), "repository:acme/app:pull");
        assertThat(registry.send("GET", "/v2/acme/app/tags/list", null, bearer(justExpired)).statusCode()).isEqualTo(404);
    }

    @Test
    void aTokenSignedByAnUntrustedIssuerKeyIsInvalid() throws Exception {
        try (TokenServer stranger = TokenServer.start(dir)) {
            String forged = stranger.token(TokenServer.ISSUER, TokenServer.SERVICE, Instant.now().plusSeconds(300), "repository:acme/app:pull");
            HttpResponse<byte[]> r = registry.send("GET", "/v2/acme/app/tags/list", null, bearer(forged));
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(text(r)).contains("does not lead to a trusted certificate");
        }
    }

    @Test
    void aMountFromARepositoryTheTokenCannotPullStartsAnUploadInstead() throws Exception {
        Digest secret = pushBlob("acme/private", "private layer", token("repository:acme/private:pull,push"));
        String pushOnly = token("repository:acme/thief:pull,push");
        HttpResponse<byte[]> r = registry.send("POST", "/v2/acme/thief/blobs/uploads/?mount=" + secret + "&from=acme/private", null, bearer(pushOnly));
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(registry.send("HEAD", "/v2/acme/thief/blobs/" + secret, null, bearer(pushOnly)).statusCode()).isEqualTo(404);

        String withPull = token("repository:acme/thief:pull,push", "repository:acme/private:pull");
        HttpResponse<byte[]> mounted = registry.send("POST", "/v2/acme/thief/blobs/uploads/?mount=" + secret + "&from=acme/private", null, bearer(withPull));
        assertThat(mounted.statusCode()).isEqualTo(201);
    }

    @Test
    void aMountWithoutFromLinksOnlyABlobARepositoryTheTokenCanPullHolds() throws Exception {
        Digest secret = pushBlob("acme/vault", "vault layer", token("repository:acme/vault:pull,push"));
        String pushOnly = token("repository:acme/guess:pull,push");
        HttpResponse<byte[]> r = registry.send("POST", "/v2/acme/guess/blobs/uploads/?mount=" + secret, null, bearer(pushOnly));
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(registry.send("HEAD", "/v2/acme/guess/blobs/" + secret, null, bearer(pushOnly)).statusCode()).isEqualTo(404);

        String withPull = token("repository:acme/guess:pull,push", "repository:acme/vault:pull");
        assertThat(registry.send("POST", "/v2/acme/guess/blobs/uploads/?mount=" + secret, null, bearer(withPull)).statusCode()).isEqualTo(201);
    }

    @Test
    void es256TokensNamingAPublicKeyByKidAreAccepted() throws Exception {
        try (TokenServer ec = TokenServer.start(dir, "EC", TokenServer.KeyHint.KID);
             TestRegistry keyed = new TestRegistry(dir.resolve("ec-data"), config -> config.withTokenAuth(
                     new TokenAuthConfig(ec.realm(), TokenServer.SERVICE, TokenServer.ISSUER, ec.publicKeyFile())))) {
            String token = ec.token(TokenServer.ISSUER, TokenServer.SERVICE, Instant.now().plusSeconds(300), "repository:ec/app:pull");
            assertThat(keyed.send("GET", "/v2/ec/app/tags/list", null, bearer(token)).statusCode()).isEqualTo(404);
            String foreign = token("repository:ec/app:pull"); // RS256 from the other server, x5c: no trusted root here
            assertThat(keyed.send("GET", "/v2/ec/app/tags/list", null, bearer(foreign)).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void skopeoPushesWithCredentialsThroughTheTokenServerAndPullsAnonymously() throws Exception {
        PeerTools.assumeInstalled("skopeo", "umoci");
        Path layout = Fixtures.umociLayout(Files.createDirectories(dir.resolve("img")));
        String target = "docker://" + registry.hostPort() + "/tokens/img:v1";
        PeerTools.Result anonymousPush = PeerTools.runAllowingFailure(dir, "skopeo", "--insecure-policy", "copy", "--dest-tls-verify=false",
                "--dest-no-creds", "oci:" + layout + ":" + Fixtures.TAG, target);
        assertThat(anonymousPush.ok()).isFalse();

        tokens.requests.clear();
        Fixtures.skopeo(dir, "copy", "--dest-tls-verify=false", "--dest-creds", DockerRegistry.USER + ":" + DockerRegistry.PASSWORD,
                "oci:" + layout + ":" + Fixtures.TAG, target);
        assertThat(tokens.requests).anyMatch(r -> r.startsWith("user ") && r.contains("repository:tokens/img:pull,push"));

        Fixtures.skopeo(dir, "copy", "--src-tls-verify=false", "--src-no-creds", target, "oci:" + dir.resolve("pulled") + ":v1");
        assertThat(tokens.requests).anyMatch(r -> r.startsWith("anonymous ") && r.contains("repository:tokens/img:pull"));
    }

    private static Digest pushBlob(String repo, String content, String token) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(bytes);
        HttpResponse<byte[]> r = registry.send("POST", "/v2/" + repo + "/blobs/uploads/?digest=" + digest, bytes,
                Map.of("Authorization", "Bearer " + token, "Content-Type", "application/octet-stream"));
        assertThat(r.statusCode()).as(text(r)).isEqualTo(201);
        return digest;
    }
}
