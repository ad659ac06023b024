package dev.gantry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testing.DockerRegistry;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import dev.gantry.testing.TokenServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `gantry serve` run as a user runs it, in its own JVM: a config file with flags over it, token auth, SIGTERM. */
class ServeProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aConfigFileWithFlagsOverridingServesSkopeoAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        PeerTools.assumeInstalled("skopeo", "umoci");
        Path umoci = Fixtures.umociLayout(Files.createDirectories(dir.resolve("img")));
        Path etc = Files.createDirectories(dir.resolve("etc"));
        // The file's address is taken by the flag; its relative data directory is resolved from the file's directory.
        Path config = Files.writeString(etc.resolve("gantry.json"), """
                {"addr": "127.0.0.1:1", "data": "store", "maxUploadSize": 104857600, "accessLog": true}
                """);
        int port = ServeProcess.freePort();
        try (ServeProcess serve = ServeProcess.start(dir, "--config", config.toString(), "--addr", "127.0.0.1:" + port)) {
            String ref = "docker://127.0.0.1:" + port + "/config/img:v1";
            Fixtures.skopeo(dir, "copy", "--dest-tls-verify=false", "oci:" + umoci + ":" + Fixtures.TAG, ref);
            Fixtures.skopeo(dir, "copy", "--src-tls-verify=false", ref, "oci:" + dir.resolve("pulled") + ":v1");
            assertThat(JSON.readTree(Fixtures.skopeo(dir, "inspect", "--tls-verify=false", ref).stdout()).path("Digest").asText())
                    .isEqualTo(CliRun.of("digest", "oci:" + dir.resolve("pulled") + ":v1").stdout().strip());
            assertThat(etc.resolve("store")).isDirectory();

            assertThat(serve.terminate()).isEqualTo(143);
            assertThat(serve.output()).anyMatch(line -> line.startsWith("{") && line.contains("\"method\":\"PUT\"") && line.contains("/config/img/manifests/v1"));
            // Stopped means stopped: nothing answers on the port any more.
            assertThat(PeerTools.runAllowingFailure(dir, "skopeo", "inspect", "--tls-verify=false", ref).ok()).isFalse();
        }
    }

    @Test
    void tokenAuthFlagsLetSkopeoPushWithCredentialsAndGantryPullAnonymously(@TempDir Path dir) throws Exception {
        PeerTools.assumeInstalled("skopeo", "umoci");
        Path umoci = Fixtures.umociLayout(Files.createDirectories(dir.resolve("img")));
        int port = ServeProcess.freePort();
        try (TokenServer tokens = TokenServer.start(dir);
             ServeProcess serve = ServeProcess.start(dir, "--addr", "127.0.0.1:" + port, "--data", dir.resolve("data").toString(), "--no-access-log",
                     "--auth-token-realm", tokens.realm(), "--auth-token-service", TokenServer.SERVICE,
                     "--auth-token-issuer", TokenServer.ISSUER, "--auth-token-certs", tokens.certFile().toString())) {
            String repo = "127.0.0.1:" + port + "/tokens/img";
            Path noCreds = dir.resolve("no-auth.json");
            CliRun anonymousPush = CliRun.of("push", "--insecure", "--authfile", noCreds.toString(), "oci:" + umoci + ":" + Fixtures.TAG, repo + ":v1");
            assertThat(anonymousPush.exitCode()).isNotZero();
            assertThat(anonymousPush.stderr()).contains("UNAUTHORIZED");

            Fixtures.skopeo(dir, "copy", "--dest-tls-verify=false", "--dest-creds", DockerRegistry.USER + ":" + DockerRegistry.PASSWORD,
                    "oci:" + umoci + ":" + Fixtures.TAG, "docker://" + repo + ":v1");
            CliRun pull = CliRun.of("pull", "--insecure", "--authfile", noCreds.toString(), repo + ":v1", dir.resolve("pulled").toString());
            assertThat(pull.exitCode()).as(pull.stderr()).isZero();
            assertThat(CliRun.of("digest", "oci:" + dir.resolve("pulled") + ":v1").stdout().strip())
                    .isEqualTo(CliRun.of("digest", "--insecure", "--authfile", noCreds.toString(), "docker://" + repo + ":v1").stdout().strip());
            assertThat(tokens.requests).contains("anonymous repository:tokens/img:pull");
            assertThat(serve.terminate()).isEqualTo(143);
        }
    }
}
