package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.runtime.container.OciRuntime;
import dev.gantry.runtime.container.OverlayMount;
import dev.gantry.testing.BusyboxImages;
import dev.gantry.testing.PeerRequirement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two `gantry run` of one image at once, each a JVM of its own, into a fresh store: both unpack
 * (or wait for) the same layer snapshots, both run, and the store is sound for a third.
 */
class ConcurrentRunTest {
    @TempDir
    Path work;

    @Test
    void twoRunsOfOneImageAtOnceBothSucceed() throws Exception {
        PeerRequirement.require(OverlayMount.supported(), "needs root and overlayfs (mount -t overlay)");
        PeerRequirement.require(OciRuntime.available(), "needs runc or crun: apt-get install runc");
        String store = work.resolve("store").toString();
        String app = "oci:" + BusyboxImages.layout(work) + ":app";

        Process first = gantry(work.resolve("first.log"), "run", "--root", store, "--rm", app, "sh", "-c", "echo one");
        Process second = gantry(work.resolve("second.log"), "run", "--root", store, "--rm", app, "sh", "-c", "echo two");

        assertThat(exitOf(first)).as(Files.readString(work.resolve("first.log"))).isZero();
        assertThat(exitOf(second)).as(Files.readString(work.resolve("second.log"))).isZero();
        assertThat(Files.readString(work.resolve("first.log"))).contains("one");
        assertThat(Files.readString(work.resolve("second.log"))).contains("two");
        CliRun third = CliRun.of("run", "--root", store, "--rm", app, "sh", "-c", "echo three");
        assertThat(third.exitCode()).as(third.stderr()).isZero();
        assertThat(third.stdout()).isEqualTo("three\n");
        CliRun ps = CliRun.of("ps", "--root", store, "--json");
        assertThat(ps.exitCode()).as(ps.stderr()).isZero();
        assertThat(ps.stdout().replaceAll("\\s", "")).as("containers left by --rm runs").isEqualTo("[]");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)).doesNotContain(store);
    }

    private static int exitOf(Process process) throws InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("gantry run took over 2 minutes");
        }
        return process.exitValue();
    }

    private static Process gantry(Path log, String... args) throws Exception {
        return new ProcessBuilder(GantryJvm.command(args)).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }
}
