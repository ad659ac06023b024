package dev.gantry.cli;

import dev.gantry.testing.DockerRegistry;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials from a Docker credential helper ({@code credHelpers} per host, {@code credsStore}
 * for all): a {@code docker-credential-gantrytest} script speaking the helper protocol's
 * {@code get} is put on the PATH of a Gantry process pushing to docker-registry with Basic auth.
 */
class CredentialHelperTest {
    @TempDir
    static Path shared;
    static DockerRegistry registry;
    static Path umoci;
    static Path helperDir;

    @BeforeAll
    static void start() throws IOException {
        registry = DockerRegistry.start(shared, true);
        umoci = Fixtures.umociLayout(shared);
        helperDir = Files.createDirectories(shared.resolve("bin"));
        // Answers for the registry's host only, as a keychain holding one login would; logs what it was asked.
        Path helper = helperDir.resolve("docker-credential-gantrytest");
        Files.writeString(helper, """
                #!/bin/sh
                [ "$1" = get ] || exit 1
                read -r server
                echo "$server" >> "%s"
                case "$server" in
                  *%s*) printf '{"ServerURL":"%%s","Username":"%s","Secret":"%s"}' "$server" ;;
                  *) echo "credentials not found in native keychain"; exit 1 ;;
                esac
                """.formatted(helperDir.resolve("asked"), registry.host(), DockerRegistry.USER, DockerRegistry.PASSWORD));
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aPerHostHelperSuppliesTheLoginForAPush(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), "{\"credHelpers\":{\"" + registry.host() + "\":\"gantrytest\"}}");
        PeerTools.Result push = gantry(config, "push", "--insecure", "oci:" + umoci + ":" + Fixtures.TAG, registry.host() + "/helper/image:v1");
        assertThat(push.exitCode()).as(push.stderr()).isZero();
        assertThat(Files.readAllLines(helperDir.resolve("asked"))).contains(registry.host());
        assertThat(push.stdout() + push.stderr()).doesNotContain(DockerRegistry.PASSWORD);
    }

    @Test
    void theDefaultStoreIsAskedForEveryHostAndItsRefusalMeansAnonymous(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), "{\"credsStore\":\"gantrytest\"}");
        PeerTools.Result push = gantry(config, "push", "--insecure", "oci:" + umoci + ":" + Fixtures.TAG, registry.host() + "/store/image:v1");
        assertThat(push.exitCode()).as(push.stderr()).isZero();
        PeerTools.Result tags = gantry(config, "tags", "--insecure", registry.host() + "/store/image");
        assertThat(tags.stdout().lines()).containsExactly("v1");

        // The helper knows nothing of "localhost:PORT": no credentials, and the registry says 401.
        String otherName = registry.host().replace("127.0.0.1", "localhost");
        PeerTools.Result refused = gantry(config, "tags", "--insecure", otherName + "/store/image");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.stderr()).contains("401");
    }

    /** Gantry's CLI in its own JVM (the helper is found on PATH, which a running JVM cannot change for itself). */
    private static PeerTools.Result gantry(Path config, String... args) {
        List<String> command = new ArrayList<>(List.of("env", "PATH=" + helperDir + ":" + System.getenv("PATH"),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                "dev.gantry.cli.Main"));
        command.addAll(List.of(args));
        command.addAll(List.of("--authfile", config.toString()));
        return PeerTools.runAllowingFailure(PeerTools.DEFAULT_TIMEOUT, helperDir, command);
    }
}
