package dev.gantry.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `gantry serve` refuses what would be unsafe or malformed before it binds anything. */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void refusesAPublicAddressWithoutAuthentication() {
        CliRun run = CliRun.of("serve", "--addr", "0.0.0.0:0", "--data", dir.toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run.stderr()).contains("refusing to serve on 0.0.0.0:0", "--insecure-public");
    }

    @Test
    void refusesAnAddressWithoutAPort() {
        CliRun run = CliRun.of("serve", "--addr", "localhost", "--data", dir.toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run.stderr()).contains("HOST:PORT");
    }

    @Test
    void refusesACertificateWithoutItsKey() {
        CliRun run = CliRun.of("serve", "--addr", "127.0.0.1:0", "--data", dir.toString(), "--tls-cert", dir.resolve("cert.pem").toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run.stderr()).contains("--tls-cert FILE and --tls-key FILE");
    }

    @Test
    void tlsAloneDoesNotMakeAPublicAddressAcceptable() {
        CliRun run = CliRun.of("serve", "--addr", "0.0.0.0:0", "--data", dir.toString(),
                "--tls-cert", dir.resolve("cert.pem").toString(), "--tls-key", dir.resolve("key.pem").toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run.stderr()).contains("refusing to serve on 0.0.0.0:0", "--htpasswd");
    }

    @Test
    void tokenAuthNeedsAllFourSettings() {
        CliRun run = CliRun.of("serve", "--addr", "127.0.0.1:0", "--data", dir.toString(), "--auth-token-realm", "http://127.0.0.1:1/token");
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run.stderr()).contains("--auth-token-service", "--auth-token-issuer", "--auth-token-certs");
    }

    @Test
    void tokenAuthAndHtpasswdAreNotCombined() {
        CliRun run = CliRun.of("serve", "--addr", "127.0.0.1:0", "--data", dir.toString(), "--htpasswd", dir.resolve("htpasswd").toString(),
                "--auth-token-realm", "http://127.0.0.1:1/token", "--auth-token-service", "s", "--auth-token-issuer", "i",
                "--auth-token-certs", dir.resolve("certs.pem").toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run.stderr()).contains("choose one authentication");
    }

    @Test
    void theConfigFileIsApplied() throws Exception {
        Path config = Files.writeString(dir.resolve("gantry.json"), "{\"addr\": \"0.0.0.0:0\", \"data\": \"store\"}");
        CliRun run = CliRun.of("serve", "--config", config.toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run.stderr()).contains("refusing to serve on 0.0.0.0:0");
    }

    @Test
    void flagsOverrideTheConfigFile() throws Exception {
        Path config = Files.writeString(dir.resolve("gantry.json"), "{\"addr\": \"0.0.0.0:0\"}");
        CliRun run = CliRun.of("serve", "--config", config.toString(), "--addr", "localhost");
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run.stderr()).contains("--addr must be HOST:PORT").doesNotContain("refusing");
    }

    @Test
    void aCertificateInTheFileWithoutItsKeyIsRefused() throws Exception {
        Path config = Files.writeString(dir.resolve("gantry.json"), "{\"addr\": \"127.0.0.1:0\", \"tlsCert\": \"cert.pem\"}");
        CliRun run = CliRun.of("serve", "--config", config.toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run.stderr()).contains("--tls-key");
    }

    @Test
    void anUnknownKeyInTheConfigFileStopsServeNamingTheKey() throws Exception {
        Path config = Files.writeString(dir.resolve("gantry.json"), "{\"readonly\": true}");
        CliRun run = CliRun.of("serve", "--config", config.toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run.stderr()).contains("unknown key 'readonly'");
    }

    @Test
    void anUnknownStorageDriverIsOneErrorLine() throws Exception {
        Path config = Files.writeString(dir.resolve("gantry.json"), "{\"addr\": \"127.0.0.1:0\", \"storage\": {\"driver\": \"nosuch\"}}");
        CliRun run = CliRun.of("serve", "--config", config.toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run.stderr().strip()).isEqualTo("gantry: error: unknown storage driver 'nosuch'; known drivers: filesystem, s3");
    }
}
