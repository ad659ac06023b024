package dev.gantry.runtime.container;

import dev.gantry.error.InvalidInputException;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.runtime.store.SnapshotStore;
import dev.gantry.store.StoreRoot;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.layer.LayerCompression;
import dev.gantry.testing.BusyboxImages;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerRequirement;
import dev.gantry.transport.ManifestFormat;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.transport.RemoteOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real containers: busybox images made by umoci, snapshots stacked by overlayfs, started by runc. */
class ContainerRunnerTest {
    @TempDir
    Path work;

    private StoreRoot root;
    private ContainerRunner runner;
    private final List<String> notices = new ArrayList<>();
    private String image;

    @BeforeEach
    void setUp() {
        PeerRequirement.require(OverlayMount.supported(), "needs root and overlayfs (mount -t overlay)");
        PeerRequirement.require(OciRuntime.available(), "needs runc or crun: apt-get install runc");
        root = new StoreRoot(work.resolve("store"));
        runner = new ContainerRunner(root, RemoteOptions.defaults(), notices::add);
        image = "oci:" + BusyboxImages.layout(work) + ":app";
    }

    /** Removes every container the test left, so no mount outlives it even when it failed. */
    @AfterEach
    void cleanUp() throws Exception {
        if (runner != null) {
            for (Container c : runner.containers().list()) {
                runner.remove(c, true);
            }
            assertThat(mountsUnder(root.dir())).isEmpty();
        }
    }

    private record Output(int code, String out, String err) {
    }

    private Output run(ContainerSpec spec) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = runner.run(spec, out, err).exitCode();
        return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutOverlayTheContainerRunsOnACopiedRootfsAndSaysSo() throws Exception {
        runner = new ContainerRunner(root, RemoteOptions.defaults(), notices::add, false);
        Output result = run(ContainerSpec.of(image, "sh", "-c", "cat /etc/base.txt; rm /etc/victim.txt; echo new > /etc/new.txt")
                .withName("copied"));
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).isNotEmpty();
        assertThat(notices).anyMatch(n -> n.contains("copied rootfs") && n.contains("--no-overlay"));
        Container container = runner.containers().list().getFirst();
        assertThat(container.rootfs()).isEqualTo(Container.COPY);
        // The copy is the container's own: its changes landed there and nothing is mounted.
        assertThat(container.rootfsDir().resolve("etc/new.txt")).hasContent("new");
        assertThat(container.rootfsDir().resolve("etc/victim.txt")).doesNotExist();
        assertThat(mountsUnder(root.dir())).isEmpty();
        assertThatThrownBy(() -> ContainerChanges.of(container, new SnapshotStore(root, ExpansionLimits.defaults()))).hasMessageContaining("need overlay");
    }

    @Test
    void echoOutputAndExitCodeComeBack() throws Exception {
        Output result = run(ContainerSpec.of(image, "sh", "-c", "echo hello from busybox; echo oops >&2; exit 3").withRemove(true));
        assertThat(result.out()).isEqualTo("hello from busybox\n");
        assertThat(result.err()).isEqualTo("oops\n");
        assertThat(result.code()).isEqualTo(3);
        assertThat(notices).isEmpty();
    }

    @Test
    void runSeesEveryLayerAndTheOverrides() throws Exception {
        ContainerSpec spec = new ContainerSpec(image, List.of("-c", "cat /etc/base.txt /etc/app.txt; pwd; echo $GREETING; id -u"),
                List.of("/bin/sh"), List.of("GREETING=hi"), "/etc", "nobody", null, true);
        Output result = run(spec);
        assertThat(result.out()).isEqualTo("base\napp\n/etc\nhi\n65534\n");
        assertThat(result.code()).isZero();
    }

    @Test
    void noCommandGivesDockersErrorAndLeavesNothing() throws Exception {
        assertThatThrownBy(() -> run(ContainerSpec.of(image)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no command specified");
        assertThat(runner.containers().list()).isEmpty();
    }

    @Test
    void removeAfterRunLeavesNoMountNorDirectory() throws Exception {
        run(ContainerSpec.of(image, "true").withRemove(true));
        assertThat(runner.containers().list()).isEmpty();
        try (var homes = Files.list(root.containers())) {
            assertThat(homes.toList()).isEmpty();
        }
        assertThat(mountsUnder(root.dir())).isEmpty();
    }

    @Test
    void diffReportsDeletedAddedAndChangedPaths() throws Exception {
        Output result = run(ContainerSpec.of(image, "sh", "-c", "rm /etc/victim.txt && echo new > /etc/new.txt").withName("d"));
        assertThat(result.code()).isZero();
        Container container = runner.containers().find("d");
        assertThat(container.status()).isEqualTo("exited");
        assertThat(mountsUnder(root.dir())).as("unmounted once the process exited").isEmpty();
        List<ContainerChanges.Change> changes = ContainerChanges.of(container, new SnapshotStore(root, ExpansionLimits.defaults()));
        assertThat(changes).containsExactly(
                new ContainerChanges.Change("C", "/etc", false),
                new ContainerChanges.Change("A", "/etc/new.txt", false),
                new ContainerChanges.Change("D", "/etc/victim.txt", false));
    }

    @Test
    void twoImagesSharingABaseLayerStoreItOnce() throws Exception {
        String other = image.replace(":app", ":other");
        run(ContainerSpec.of(image, "cat", "/etc/app.txt").withRemove(true));
        Output second = run(ContainerSpec.of(other, "cat", "/etc/other.txt").withRemove(true));
        assertThat(second.out()).isEqualTo("other\n");
        List<?> snapshots = new SnapshotStore(root, ExpansionLimits.defaults()).list();
        assertThat(snapshots).as("base + app layer + other layer").hasSize(3);
    }

    @Test
    void commitWritesOneWhiteoutAndTheNewFileAsALayerOnTheImage() throws Exception {
        run(ContainerSpec.of(image, "sh", "-c", "rm /etc/victim.txt && echo new > /etc/new.txt").withName("c"));
        Container container = runner.containers().find("c");
        Path dest = work.resolve("committed");
        try (var target = Transports.openTarget(TransportRef.parse("oci:" + dest + ":c"), null)) {
            new ContainerCommitter(root, LayerCompression.defaults()).commit(container, target, "deleted the victim", new Warnings(null));
        }

        try (var source = Transports.openSource(TransportRef.parse("oci:" + dest + ":c"))) {
            Image committed = (Image) Images.open(source);
            assertThat(committed.layers()).hasSize(3);
            List<String> names;
            try (var in = committed.layers().get(2).openUncompressed()) {
                names = Fixtures.tarEntryNames(in);
            }
            assertThat(names.stream().filter(n -> n.contains(".wh.")).toList()).containsExactly("etc/.wh.victim.txt");
            assertThat(names).contains("etc/new.txt");
            assertThat(committed.config().history()).last().satisfies(h -> {
                assertThat(h.createdBy()).isEqualTo("sh -c rm /etc/victim.txt && echo new > /etc/new.txt");
                assertThat(h.comment()).isEqualTo("deleted the victim");
            });
        }
        Output again = run(ContainerSpec.of("oci:" + dest + ":c", "sh", "-c", "cat /etc/new.txt; ls /etc/victim.txt").withRemove(true));
        assertThat(again.out()).isEqualTo("new\n");
        assertThat(again.code()).as("ls of the deleted file fails").isNotZero();
    }

    @Test
    void commitMarksADirectoryMadeAgainOpaque() throws Exception {
        // /tmp, not /etc: /etc holds the network files' mount points, which cannot be removed (as in docker)
        run(ContainerSpec.of(image, "sh", "-c", "rm -r /tmp && mkdir /tmp && echo z > /tmp/z").withName("o"));
        Container container = runner.containers().find("o");
        assertThat(ContainerChanges.of(container, new SnapshotStore(root, ExpansionLimits.defaults())))
                .contains(new ContainerChanges.Change("C", "/tmp", true));
        var layer = new ContainerCommitter(root, LayerCompression.defaults()).layer(container, ManifestFormat.OCI, new Warnings(null));
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(layer.file()))) {
            assertThat(Fixtures.tarEntryNames(in)).containsExactly("tmp/", "tmp/.wh..wh..opq", "tmp/z");
        } finally {
            Files.delete(layer.file());
        }
    }

    @Test
    void aRunningContainerIsRemovedOnlyByForceWhichKillsIt() throws Exception {
        var running = java.util.concurrent.Executors.newSingleThreadExecutor().submit(
                () -> run(ContainerSpec.of(image, "sleep", "300").withName("sleeper")));
        Container sleeper = null;
        while (sleeper == null || !"running".equals(OciRuntime.detect().status(sleeper.runtimeId()))) {
            assertThat(running).isNotDone();
            Thread.sleep(100);
            sleeper = runner.containers().list().stream().filter(c -> "running".equals(c.status())).findFirst().orElse(null);
        }
        Container found = sleeper;
        assertThatThrownBy(() -> runner.remove(found, false)).isInstanceOf(InvalidInputException.class).hasMessageContaining("is running");
        runner.remove(found, true);
        assertThat(running.get().code()).as("killed").isNotZero();
        assertThat(runner.containers().list()).isEmpty();
        assertThat(mountsUnder(root.dir())).isEmpty();
    }

    /** Mount points below {@code dir}, from /proc/self/mountinfo. */
    static List<String> mountsUnder(Path dir) throws Exception {
        String prefix = dir.toAbsolutePath().normalize().toString();
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String point = OverlayMount.unescape(line.split(" ")[4]);
            if (point.startsWith(prefix)) {
                out.add(point);
            }
        }
        return out;
    }
}
