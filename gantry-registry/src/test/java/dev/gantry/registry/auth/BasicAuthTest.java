package dev.gantry.registry.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.gantry.error.InvalidInputException;
import dev.gantry.registry.testing.TestRegistry;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static dev.gantry.registry.testing.TestRegistry.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Basic authentication from an htpasswd file: the challenge, the error body, and skopeo logging in. */
class BasicAuthTest {
    @TempDir
    static Path dir;
    static TestRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        // $2y$ as `htpasswd -B` writes it; cost 4 keeps the test fast.
        String hash = BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(4, "s3cret".toCharArray());
        Path htpasswd = Files.writeString(dir.resolve("htpasswd"), "# users\nalice:" + hash + "\n");
        registry = new TestRegistry(dir.resolve("data"), htpasswd);
    }

    @AfterAll
    static void stop() throws Exception {
        registry.close();
    }

    private static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void withoutCredentialsIs401WithTheBasicChallengeAndUnauthorized() throws Exception {
        HttpResponse<byte[]> r = registry.get("/v2/");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"gantry\"");
        assertThat(text(r)).contains("\"code\":\"UNAUTHORIZED\"");
    }

    @Test
    void wrongPasswordOrUnknownUserIs401() throws Exception {
        assertThat(registry.send("GET", "/v2/", null, basic("alice", "wrong")).statusCode()).isEqualTo(401);
        assertThat(registry.send("GET", "/v2/", null, basic("mallory", "s3cret")).statusCode()).isEqualTo(401);
        assertThat(registry.send("GET", "/v2/", null, Map.of("Authorization", "Basic !!!")).statusCode()).isEqualTo(401);
    }

    @Test
    void aClientGuessingPasswordsIsRefusedWith429EvenWithTheRightOneUntilItsWindowPasses() throws Exception {
        // A registry of its own: the shared one must not be throttled for the other tests.
        try (TestRegistry guessed = new TestRegistry(dir.resolve("guessed"), dir.resolve("htpasswd"))) {
            for (int guess = 0; guess < LoginThrottle.DEFAULT_LIMIT; guess++) {
                assertThat(guessed.send("GET", "/v2/", null, basic("alice", "guess" + guess)).statusCode()).isEqualTo(401);
            }

            HttpResponse<byte[]> refused = guessed.send("GET", "/v2/", null, basic("alice", "s3cret"));

            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(text(refused)).contains("\"code\":\"TOOMANYREQUESTS\"").contains("too many failed logins");
            assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong).orElseThrow()).isBetween(1L, 60L);
            assertThat(guessed.get("/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void rightCredentialsPass() throws Exception {
        assertThat(registry.send("GET", "/v2/", null, basic("alice", "s3cret")).statusCode()).isEqualTo(200);
        assertThat(registry.send("GET", "/v2/_catalog", null, basic("alice", "s3cret")).statusCode()).isEqualTo(200);
    }

    @Test
    void healthCheckNeedsNoCredentials() throws Exception {
        assertThat(registry.get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void nonBcryptEntriesAreRefused() throws Exception {
        Path md5 = Files.writeString(dir.resolve("weak"), "bob:$apr1$abc$def\n");
        assertThatThrownBy(() -> Htpasswd.load(md5)).isInstanceOf(InvalidInputException.class).hasMessageContaining("htpasswd -B");
    }

    @Test
    void skopeoPushesWithCredentialsAndIsRefusedWithout() throws Exception {
        PeerTools.assumeInstalled("skopeo", "umoci");
        Path layout = Fixtures.umociLayout(Files.createDirectories(dir.resolve("img")));
        String target = "docker://" + registry.hostPort() + "/auth/img:v1";
        Fixtures.skopeo(dir, "copy", "--dest-tls-verify=false", "--dest-creds", "alice:s3cret", "oci:" + layout + ":" + Fixtures.TAG, target);
        PeerTools.Result refused = PeerTools.runAllowingFailure(dir, "skopeo", "--insecure-policy", "inspect", "--tls-verify=false",
                "--no-creds", target);
        assertThat(refused.ok()).isFalse();
        assertThat(refused.stderr()).containsIgnoringCase("unauthorized");
    }
}
