package dev.gantry.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
