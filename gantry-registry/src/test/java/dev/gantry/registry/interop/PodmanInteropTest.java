package dev.gantry.registry.interop;

import dev.gantry.registry.server.TokenAuthConfig;
import dev.gantry.registry.testing.TestRegistry;
import dev.gantry.testing.DockerRegistry;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerRequirement;
import dev.gantry.testing.PeerTools;
import dev.gantry.testing.TokenServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * podman push and pull against the registry, with its own storage in the test's directory (vfs
 * driver, as PEERS.md says works here), plain and through token auth with --creds. Skipped,
 * naming the package, without podman; skipped with podman's own words when it cannot run here
 * (both fail instead under GANTRY_REQUIRE_PEERS=1).
 */
class PodmanInteropTest {
    @TempDir
    static Path dir;
    static Path layout;

    @BeforeAll
    static void prepare() {
        PeerTools.assumeInstalled("podman", "umoci");
        PeerTools.Result info = PeerTools.runAllowingFailure(dir, podman(dir.resolve("probe"), "info").toArray(String[]::new));
        PeerRequirement.require(info.ok(), "podman cannot run on this machine: " + info.stderr().strip());
        layout = Fixtures.umociLayout(dir);
    }

    /** podman with storage, run state and events kept under {@code home}: nothing shared with other tests or users. */
    private static List<String> podman(Path home, String... args) {
        List<String> command = new ArrayList<>(List.of("podman", "--root", home.resolve("root").toString(),
                "--runroot", home.resolve("run").toString(), "--storage-driver", "vfs", "--cgroup-manager", "cgroupfs",
                "--events-backend", "file"));
        command.addAll(List.of(args));
        return command;
    }

    private static PeerTools.Result run(Path home, String... args) {
        return PeerTools.run(Duration.ofMinutes(3), dir, podman(home, args));
    }

    @Test
    void podmanPushesAndPullsBackTheSameImage() throws Exception {
        try (TestRegistry registry = new TestRegistry(dir.resolve("data"))) {
            Path home = Files.createDirectories(dir.resolve("plain"));
            // Taken one after the other: with several nodes the push goes to one, the pull to the next.
            String pushTo = registry.hostPort() + "/podman/umoci:v1";
            String pullFrom = registry.hostPort() + "/podman/umoci:v1";
            run(home, "pull", "oci:" + layout + ":" + Fixtures.TAG);
            String imageId = run(home, "images", "--quiet", "--no-trunc").stdout().strip();
            run(home, "push", "--tls-verify=false", imageId, "docker://" + pushTo);
            run(home, "rmi", "--all", "--force");

            run(home, "pull", "--tls-verify=false", pullFrom);
            assertThat(run(home, "image", "inspect", "--format", "{{.Id}}", pullFrom).stdout().strip()).isEqualTo(imageId.replace("sha256:", ""));
            String tags = Fixtures.skopeo(dir, "list-tags", "--tls-verify=false", "docker://" + registry.hostPort() + "/podman/umoci").stdout();
            assertThat(tags).contains("\"v1\"");
        }
    }

    @Test
    void podmanFollowsTheTokenChallengeWithCreds() throws Exception {
        try (TokenServer tokens = TokenServer.start(dir);
             TestRegistry registry = new TestRegistry(dir.resolve("token-data"), config -> config.withTokenAuth(
                     new TokenAuthConfig(tokens.realm(), TokenServer.SERVICE, TokenServer.ISSUER, tokens.certFile())))) {
            Path home = Files.createDirectories(dir.resolve("token"));
            String pushTo = registry.hostPort() + "/podman/tokens:v1";
            String pullFrom = registry.hostPort() + "/podman/tokens:v1";
            run(home, "pull", "oci:" + layout + ":" + Fixtures.TAG);
            String imageId = run(home, "images", "--quiet", "--no-trunc").stdout().strip();
            PeerTools.Result anonymous = PeerTools.runAllowingFailure(Duration.ofMinutes(3), dir,
                    podman(home, "push", "--tls-verify=false", imageId, "docker://" + pushTo));
            assertThat(anonymous.ok()).isFalse();

            run(home, "push", "--tls-verify=false", "--creds", DockerRegistry.USER + ":" + DockerRegistry.PASSWORD, imageId, "docker://" + pushTo);
            run(home, "rmi", "--all", "--force");
            run(home, "pull", "--tls-verify=false", pullFrom);
            assertThat(run(home, "image", "inspect", "--format", "{{.Id}}", pullFrom).stdout().strip()).isEqualTo(imageId.replace("sha256:", ""));
            assertThat(tokens.requests).contains("user repository:podman/tokens:pull,push", "anonymous repository:podman/tokens:pull");
        }
    }
}
