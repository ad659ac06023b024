package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.oci.Json;
import dev.gantry.runtime.container.OciRuntime;
import dev.gantry.runtime.container.OverlayMount;
import dev.gantry.testing.BusyboxImages;
import dev.gantry.testing.DockerRegistry;
import dev.gantry.testing.PeerRequirement;
import dev.gantry.testing.PeerTools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** run, ps, diff-container, rm, images, rmi and prune through Main, on busybox images umoci made. */
class ContainerCommandsTest {
    @TempDir
    Path work;

    private String store;
    private String app;

    @BeforeEach
    void setUp() {
        PeerRequirement.require(OverlayMount.supported(), "needs root and overlayfs (mount -t overlay)");
        PeerRequirement.require(OciRuntime.available(), "needs runc or crun: apt-get install runc");
        store = work.resolve("store").toString();
        app = "oci:" + BusyboxImages.layout(work) + ":app";
    }

    /** Whatever a test left: removed, so no overlay mount outlives it. */
    @AfterEach
    void cleanUp() throws Exception {
        if (store == null) {
            return;
        }
        JsonNode left = Json.mapper().readTree(CliRun.of("ps", "--root", store, "--json").stdout());
        for (JsonNode c : left) {
            CliRun.of("rm", "--root", store, "-f", c.get("id").asText());
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(store);
    }

    @Test
    void runStreamsOutputAndReturnsTheExitCode() {
        CliRun run = CliRun.of("run", "--root", store, "--rm", app, "sh", "-c", "echo hello; exit 7");
        assertThat(run.stdout()).isEqualTo("hello\n");
        assertThat(run.exitCode()).isEqualTo(7);
        assertThat(CliRun.of("ps", "--root", store).stdout()).doesNotContain("sh -c");
    }

    @Test
    void anImagePulledIntoTheStoreRunsAfterItsRegistryIsGone() throws Exception {
        String ref;
        try (DockerRegistry registry = DockerRegistry.start(work.resolve("registry"))) {
            ref = registry.host() + "/pulled/app:v1";
            assertThat(CliRun.of("push", "--insecure", "-q", app, ref).exitCode()).isZero();
            CliRun pull = CliRun.of("pull", "--insecure", "-q", "--root", store, ref);
            assertThat(pull.exitCode()).as(pull.stderr()).isZero();
        }
        CliRun run = CliRun.of("run", "--root", store, "--rm", ref, "sh", "-c", "echo from the store");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo("from the store\n");
        assertThat(CliRun.of("images", "--root", store).stdout()).contains(ref).contains("1 image(s)");
    }

    @Test
    void aMissingCommandExits127WithOneCleanLineLikeDocker() {
        CliRun missing = CliRun.of("run", "--root", store, "--rm", app, "no-such-command");
        CliRun notExecutable = CliRun.of("run", "--root", store, "--rm", app, "/etc");

        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.stderr().lines().toList()).singleElement().asString()
                .startsWith("gantry: error: container ").contains("\"no-such-command\": executable file not found in $PATH");
        assertThat(notExecutable.exitCode()).isEqualTo(126);
        assertThat(notExecutable.stderr().lines().toList()).singleElement().asString().contains("permission denied");
        assertThat(CliRun.of("ps", "--root", store).stdout()).doesNotContain("no-such-command");
    }

    /** gantry in a JVM of its own, so that -i reads the given input, not the test JVM's stdin. */
    private static PeerTools.Result gantry(String input, Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new PeerTools.Result(command, process.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }

    @Test
    void interactiveRunReadsStdinAndTheDefaultIsDevNull() throws Exception {
        PeerTools.Result piped = gantry("hello from stdin\n", work, "run", "--root", store, "--rm", "-i", app, "cat");
        PeerTools.Result notPiped = gantry("ignored\n", work, "run", "--root", store, "--rm", app, "cat");

        assertThat(piped.exitCode()).as(piped.stderr()).isZero();
        assertThat(piped.stdout()).isEqualTo("hello from stdin\n");
        assertThat(notPiped.exitCode()).as(notPiped.stderr()).isZero();
        assertThat(notPiped.stdout()).isEmpty();
    }

    @Test
    void ttyRunGivesTheProcessATerminal() throws Exception {
        PeerRequirement.require(PeerTools.isInstalled("script"), "needs script (apt-get install bsdutils)");
        String java = Path.of(System.getProperty("java.home"), "bin", "java") + " --enable-native-access=ALL-UNNAMED -cp "
                + System.getProperty("java.class.path") + " " + Main.class.getName();
        PeerTools.Result withTty = PeerTools.run(work, "script", "-qec", java + " run --root " + store + " --rm -t " + app
                + " sh -c 'test -t 0 && test -t 1 && echo has-a-terminal'", "/dev/null");
        PeerTools.Result without = PeerTools.run(work, "script", "-qec", java + " run --root " + store + " --rm " + app
                + " sh -c 'test -t 1 || echo no-terminal'", "/dev/null");

        assertThat(withTty.stdout()).contains("has-a-terminal");
        assertThat(without.stdout()).contains("no-terminal");
    }

    @Test
    void volumesBindHostPathsReadOnlyOrNotAndNamedVolumesOutliveTheContainer() throws Exception {
        Path host = Files.createDirectories(work.resolve("host"));
        Files.writeString(host.resolve("in.txt"), "from the host\n");

        CliRun readOnly = CliRun.of("run", "--root", store, "--rm", "-v", host + ":/data:ro", app,
                "sh", "-c", "cat /data/in.txt; echo x > /data/new.txt");
        CliRun writable = CliRun.of("run", "--root", store, "--rm", "-v", host + ":/data", app, "sh", "-c", "echo out > /data/out.txt");
        CliRun first = CliRun.of("run", "--root", store, "--rm", "-v", "cache:/cache", app, "sh", "-c", "echo kept > /cache/k");
        CliRun second = CliRun.of("run", "--root", store, "--rm", "-v", "cache:/cache", app, "cat", "/cache/k");

        assertThat(readOnly.stdout()).isEqualTo("from the host\n");
        assertThat(readOnly.exitCode()).isNotZero();
        assertThat(host.resolve("new.txt")).doesNotExist();
        assertThat(writable.exitCode()).as(writable.stderr()).isZero();
        assertThat(host.resolve("out.txt")).hasContent("out");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(second.stdout()).isEqualTo("kept\n");
        assertThat(CliRun.of("run", "--root", store, "--rm", "-v", "no:good:mode", app, "true").exitCode()).isEqualTo(2);
    }

    @Test
    void readOnlyRootAndResourceLimitsReachTheRuntime() {
        CliRun readOnly = CliRun.of("run", "--root", store, "--rm", "--read-only", app, "sh", "-c", "echo x > /file");
        CliRun limited = CliRun.of("run", "--root", store, "--rm", "-m", "64m", "--cpus", "0.5", app, "sh", "-c",
                "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes; "
                        + "cat /sys/fs/cgroup/cpu.max 2>/dev/null || cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us");

        assertThat(readOnly.exitCode()).isNotZero();
        assertThat(readOnly.stderr()).contains("Read-only file system");
        assertThat(limited.exitCode()).as(limited.stderr()).isZero();
        assertThat(limited.stdout()).contains(String.valueOf(64L << 20)).contains("50000");
    }

    @Test
    void aDetachedContainerRunsOnWithLogsExecAndStopUntilRemoved() throws Exception {
        CliRun started = CliRun.of("run", "--root", store, "-d", "--name", "bg", app, "sh", "-c",
                "trap 'echo stopping; exit 3' TERM; echo started; while true; do sleep 0.1; done");

        assertThat(started.exitCode()).as(started.stderr()).isZero();
        assertThat(started.stdout().strip()).matches("[0-9a-f]{64}");
        assertThat(CliRun.of("ps", "--root", store).stdout()).contains("bg").contains("running");
        awaitLog("bg", "started");
        CliRun exec = CliRun.of("exec", "--root", store, "bg", "sh", "-c", "echo inside; exit 5");
        assertThat(exec.stdout()).isEqualTo("inside\n");
        assertThat(exec.exitCode()).isEqualTo(5);

        assertThat(CliRun.of("stop", "--root", store, "bg").exitCode()).isZero();

        assertThat(CliRun.of("ps", "--root", store).stdout()).contains("Exited (3)");
        assertThat(CliRun.of("logs", "--root", store, "bg").stdout()).isEqualTo("started\nstopping\n");
        assertThat(CliRun.of("exec", "--root", store, "bg", "true").exitCode()).isEqualTo(2);
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(store);
        assertThat(CliRun.of("rm", "--root", store, "bg").exitCode()).isZero();
        assertThat(CliRun.of("ps", "--root", store).stdout()).doesNotContain("bg");
    }

    @Test
    void aDetachedContainerWithRmIsGoneWhenItExitsAndOneThatCannotStartLeavesNothing() throws Exception {
        assertThat(CliRun.of("run", "--root", store, "-d", "--rm", app, "true").exitCode()).isZero();
        CliRun missing = CliRun.of("run", "--root", store, "-d", app, "no-such-command");

        assertThat(missing.exitCode()).isEqualTo(127);
        for (int i = 0; i < 100 && !CliRun.of("ps", "--root", store, "--json").stdout().strip().equals("[ ]"); i++) {
            Thread.sleep(50); // the shim removes the --rm container once runc has returned
        }
        assertThat(Json.mapper().readTree(CliRun.of("ps", "--root", store, "--json").stdout())).isEmpty();
    }

    private void awaitLog(String container, String text) throws InterruptedException {
        for (int i = 0; i < 200 && !CliRun.of("logs", "--root", store, container).stdout().contains(text); i++) {
            Thread.sleep(25);
        }
        assertThat(CliRun.of("logs", "--root", store, container).stdout()).contains(text);
    }

    @Test
    void runWithoutAnyCommandSaysSoLikeDocker() {
        CliRun run = CliRun.of("run", "--root", store, "--rm", app.replace(":app", ":base"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("no command specified");
    }

    @Test
    void diffContainerListsWhatTheContainerChangedUntilRemoved() throws Exception {
        CliRun run = CliRun.of("run", "--root", store, "--name", "changer", app, "sh", "-c", "rm /etc/victim.txt; echo x > /etc/new.txt");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(CliRun.of("ps", "--root", store).stdout()).contains("changer").contains("Exited (0)");
        assertThat(CliRun.of("diff-container", "--root", store, "changer").stdout())
                .isEqualTo("C /etc\nA /etc/new.txt\nD /etc/victim.txt\n");
        assertThat(CliRun.of("rm", "--root", store, "changer").exitCode()).isZero();
        assertThat(CliRun.of("ps", "--root", store, "--json").stdout().strip()).isEqualTo("[ ]");
    }

    @Test
    void commitWritesAnImageThatRunsWithTheChanges() throws Exception {
        assertThat(CliRun.of("run", "--root", store, "--name", "c", app, "sh", "-c", "rm /etc/victim.txt; echo x > /etc/new.txt")
                .exitCode()).isZero();
        String dest = "oci:" + work.resolve("committed") + ":v1";
        CliRun commit = CliRun.of("commit", "--root", store, "c", dest, "-m", "from a container");
        assertThat(commit.exitCode()).as(commit.stderr()).isZero();
        assertThat(commit.stdout()).startsWith("sha256:");
        CliRun history = CliRun.of("history", dest, "--json");
        assertThat(history.stdout()).contains("from a container");
        CliRun again = CliRun.of("run", "--root", store, "--rm", dest, "sh", "-c", "cat /etc/new.txt; test ! -e /etc/victim.txt");
        assertThat(again.stdout()).isEqualTo("x\n");
        assertThat(again.exitCode()).isZero();

        // The analysis commands see the committed layer as the container left it.
        CliRun changes = CliRun.of("tree", dest, "--changes", "--layer", "-1");
        assertThat(changes.exitCode()).as(changes.stderr()).isZero();
        assertThat(changes.stdout().lines().filter(l -> l.matches("^[ADMHO] .*")).map(l -> l.charAt(0) + " " + l.substring(l.lastIndexOf(' ') + 1)))
                .containsExactlyInAnyOrder("M etc/", "A etc/new.txt", "D etc/victim.txt");
        CliRun blame = CliRun.of("blame", dest, "/etc/victim.txt");
        assertThat(blame.exitCode()).as(blame.stderr()).isZero();
        assertThat(blame.stdout()).containsPattern("(?m)^0 \\S+\\s+added\\b").containsPattern("(?m)\\bdeleted\\b.*rm /etc/victim.txt")
                .contains("not in the final image");
    }

    @Test
    void imagesCountASharedBaseOnceAndRmiFreesOnlyWhatIsUnshared() throws Exception {
        String other = app.replace(":app", ":other");
        assertThat(CliRun.of("run", "--root", store, "--rm", app, "true").exitCode()).isZero();
        assertThat(CliRun.of("run", "--root", store, "--rm", other, "true").exitCode()).isZero();
        JsonNode report = Json.mapper().readTree(CliRun.of("images", "--root", store, "--json").stdout());
        assertThat(report.get("images")).hasSize(2);
        assertThat(report.get("distinctLayers").asInt()).isEqualTo(3);
        JsonNode first = report.get("images").get(0);
        JsonNode second = report.get("images").get(1);
        assertThat(first.get("shared").asLong()).isPositive().isEqualTo(second.get("shared").asLong());
        assertThat(report.get("totalBytes").asLong())
                .isEqualTo(first.get("size").asLong() + second.get("unique").asLong());

        assertThat(CliRun.of("rmi", "--root", store, other).exitCode()).isZero();
        assertThat(Files.list(work.resolve("store/snapshots/sha256")).count()).isEqualTo(2);
        assertThat(CliRun.of("images", "--root", store).stdout()).contains(app).doesNotContain(other);
    }
}
