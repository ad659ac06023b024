package dev.gantry.runtime.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.oci.Json;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.testing.TarBuilder;
import dev.gantry.runtime.testing.TestImages;
import dev.gantry.testing.PeerRequirement;
import dev.gantry.testing.PeerTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.gantry.runtime.testing.TestImages.gzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundleWriterTest {
    @TempDir
    Path work;

    private BundleWriter.Result bundle(Path layout, Path dir) throws Exception {
        try (TestImages.Opened opened = TestImages.open(layout)) {
            return new BundleWriter(ExpansionLimits.defaults(), new Warnings(null)).write(opened.image(), dir);
        }
    }

    @Test
    void writesRootfsAndAConfigResolvingTheUserInTheImagesOwnPasswd() throws Exception {
        Path layout = TestImages.layout(work.resolve("layout"), List.of(gzip(new TarBuilder()
                .dir("etc").file("etc/passwd", "root:x:0:0::/root:/bin/sh\nsvc:x:70:80::/:/bin/false\n")
                .file("etc/group", "root:x:0:\nsvc:x:80:\n").build())), config -> {
                    var run = (com.fasterxml.jackson.databind.node.ObjectNode) config.get("config");
                    run.put("User", "svc");
                    run.putArray("Entrypoint").add("/bin/app");
                    run.putArray("Cmd").add("--serve");
                    run.put("StopSignal", "SIGTERM");
                });
        BundleWriter.Result result = bundle(layout, work.resolve("bundle"));
        assertThat(work.resolve("bundle/rootfs/etc/passwd")).exists();
        JsonNode config = Json.mapper().readTree(work.resolve("bundle/config.json").toFile());
        assertThat(config.at("/process/args").toString()).isEqualTo("[\"/bin/app\",\"--serve\"]");
        assertThat(config.at("/process/user/uid").asLong()).isEqualTo(70);
        assertThat(config.at("/process/user/gid").asLong()).isEqualTo(80);
        assertThat(config.at("/annotations/org.opencontainers.image.stopSignal").asText()).isEqualTo("SIGTERM");
        assertThat(result.bundle()).isEqualTo(work.resolve("bundle"));
    }

    @Test
    void anUnresolvableUserLeavesNoBundleBehind() {
        Path layout = TestImages.layout(work.resolve("layout"), List.of(gzip(new TarBuilder().file("f", "x").build())),
                config -> ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("config")).put("User", "ghost"));
        assertThatThrownBy(() -> bundle(layout, work.resolve("bundle"))).hasMessageContaining("no user 'ghost'");
        assertThat(work.resolve("bundle")).doesNotExist();
    }

    /** The bundle really runs: busybox from the host (busybox-static), run by runc as root. */
    @Test
    void runcRunsTheBundle() throws Exception {
        PeerTools.assumeInstalled("runc");
        PeerTools.assumeRoot("runc run needs root");
        Path busybox = Path.of("/bin/busybox");
        PeerRequirement.require(Files.isRegularFile(busybox), "needs /bin/busybox: apt-get install busybox-static");
        PeerRequirement.require(PeerTools.runAllowingFailure(null, "sh", "-c", "file -L /bin/busybox | grep -q 'statically linked' || ldd /bin/busybox 2>&1 | grep -q 'not a dynamic'")
                .ok(), "/bin/busybox must be statically linked: apt-get install busybox-static");
        byte[] binary = Files.readAllBytes(busybox);
        Path layout = TestImages.layout(work.resolve("layout"), List.of(gzip(new TarBuilder()
                .dir("bin").file("bin/busybox", binary, 0755).symlink("bin/sh", "busybox").dir("proc").dir("sys").dir("dev")
                .dir("tmp", 01777).build())), config -> {
                    var run = (com.fasterxml.jackson.databind.node.ObjectNode) config.get("config");
                    run.putArray("Entrypoint").add("/bin/sh").add("-c");
                    run.putArray("Cmd").add("echo hello from $(id -u):$(id -g) in $PWD");
                    run.put("User", "1234:5678");
                    run.put("WorkingDir", "/tmp");
                });
        Path dir = work.resolve("bundle");
        bundle(layout, dir);
        String id = "gantry-test-" + ProcessHandle.current().pid();
        PeerTools.Result run = PeerTools.run(Duration.ofSeconds(60), dir, List.of("runc", "run", "-b", dir.toString(), id));
        assertThat(run.stdout()).contains("hello from 1234:5678 in /tmp");
    }
}
