package dev.gantry.cli;

import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerRequirement;
import dev.gantry.testing.PeerTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gantry copy} into and out of podman's store (a throwaway vfs graph root and run root),
 * through the CLI: the transport is found on the CLI's class path, and a missing image is one line.
 */
class ContainersStorageCommandTest {
    @TempDir
    static Path dir;
    static Path layout;

    @BeforeAll
    static void prepare() throws IOException {
        PeerTools.assumeInstalled("podman", "umoci");
        PeerTools.assumeRoot("podman's store needs root");
        PeerTools.Result info = PeerTools.runAllowingFailure(dir, podman("info").toArray(String[]::new));
        PeerRequirement.require(info.ok(), "podman cannot run on this machine: " + info.stderr().strip());
        layout = Fixtures.umociLayout(dir);
    }

    private static List<String> podman(String... args) {
        List<String> command = new ArrayList<>(List.of("podman", "--root", dir.resolve("root").toString(),
                "--runroot", dir.resolve("run").toString(), "--storage-driver", "vfs", "--cgroup-manager", "cgroupfs",
                "--events-backend", "file"));
        command.addAll(List.of(args));
        return command;
    }

    private static String store() {
        return "containers-storage:[vfs@" + dir.resolve("root") + "+" + dir.resolve("run") + "]";
    }

    @Test
    void copiesIntoPodmansStoreAndBack() {
        CliRun in = CliRun.of("copy", "oci:" + layout + ":" + Fixtures.TAG, store() + "gantry/cli:v1");
        assertThat(in.exitCode()).as(in.stderr()).isZero();
        String id = PeerTools.run(Duration.ofMinutes(2), dir, podman("image", "inspect", "--format", "{{.Id}}",
                "docker.io/gantry/cli:v1")).stdout().strip();
        assertThat(id).hasSize(64);

        Path out = dir.resolve("out");
        CliRun back = CliRun.of("copy", store() + "gantry/cli:v1", "oci:" + out + ":v1");
        assertThat(back.exitCode()).as(back.stderr()).isZero();
        CliRun inspect = CliRun.of("inspect", "--json", "oci:" + out + ":v1");
        assertThat(inspect.exitCode()).as(inspect.stderr()).isZero();
        assertThat(CliRun.of("validate", "oci:" + out + ":v1").exitCode()).isZero();
    }

    @Test
    void aMissingImageIsOneCleanLine() {
        CliRun missing = CliRun.of("copy", store() + "gantry/absent:v1", "oci:" + dir.resolve("never") + ":v1");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr().strip().lines()).hasSize(1).first().asString()
                .startsWith("gantry: error: image 'gantry/absent:v1' not found in containers-storage:[vfs@");
    }
}
