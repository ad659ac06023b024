package dev.gantry.runtime.cstore;

import dev.gantry.copy.ImageWriter;
import dev.gantry.digest.Digest;
import dev.gantry.error.NotFoundException;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.Layer;
import dev.gantry.image.Layers;
import dev.gantry.image.mutate.Mutate;
import dev.gantry.runtime.testing.TarBuilder;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.testing.BusyboxImages;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerRequirement;
import dev.gantry.testing.PeerTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * containers-storage: read and written beside a real podman, each test with its own graph root and
 * run root in the test's directory (never the system store), for the vfs and overlay drivers.
 */
class ContainersStorageTransportTest {
    @TempDir
    static Path dir;
    static Path layout;

    @BeforeAll
    static void prepare() throws IOException {
        PeerTools.assumeInstalled("podman", "umoci", "python3");
        PeerTools.assumeRoot("podman's store and layer owners need root");
        layout = BusyboxImages.layout(dir);
        // "gone": app's layer, then one deleting etc/victim.txt (a .wh. whiteout in the tar).
        Path bundle = dir.resolve("bundle-gone");
        Fixtures.umoci(dir, "unpack", "--image", layout + ":app", bundle.toString());
        Files.delete(bundle.resolve("rootfs/etc/victim.txt"));
        Fixtures.umoci(dir, "repack", "--image", layout + ":gone", bundle.toString());
    }

    /** podman with its store in {@code home}. */
    private static List<String> podman(Path home, String driver, String... args) {
        List<String> command = new ArrayList<>(List.of("podman", "--root", home.resolve("root").toString(),
                "--runroot", home.resolve("run").toString(), "--storage-driver", driver, "--cgroup-manager", "cgroupfs",
                "--events-backend", "file"));
        command.addAll(List.of(args));
        return command;
    }

    private static PeerTools.Result run(Path home, String driver, String... args) {
        return PeerTools.run(Duration.ofMinutes(3), dir, podman(home, driver, args));
    }

    private static String store(Path home, String driver) {
        return "containers-storage:[" + driver + "@" + home.resolve("root") + "+" + home.resolve("run") + "]";
    }

    /** A fresh store for {@code driver}; podman records the driver on first use, so the probe uses it too. */
    private static Path home(String name, String driver) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        PeerTools.Result info = PeerTools.runAllowingFailure(dir, podman(home, driver, "info").toArray(String[]::new));
        PeerRequirement.require(info.ok(), "podman cannot run on this machine: " + info.stderr().strip());
        return home;
    }

    private static void copy(String from, String to) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(from));
             ImageTarget target = Transports.openTarget(TransportRef.parse(to), null)) {
            ImageWriter.write(Images.open(source), target);
        }
    }

    private static List<Digest> diffIds(String location) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(location))) {
            return ((Image) Images.open(source)).config().diffIds();
        }
    }

    private static Digest configDigest(String location) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(location))) {
            return ((Image) Images.open(source)).manifest().config().digest();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vfs", "overlay"})
    void readsAnImagePodmanPulledWithItsDiffIds(String driver) throws Exception {
        Path home = home("read-" + driver, driver);
        run(home, driver, "pull", "oci:" + layout + ":gone");
        String id = run(home, driver, "images", "--quiet", "--no-trunc").stdout().strip().replace("sha256:", "");
        run(home, driver, "tag", id, "gantry/pulled:v1");

        Path out = dir.resolve("read-" + driver + "-out");
        copy(store(home, driver) + "gantry/pulled:v1", "oci:" + out + ":v1");

        assertThat(diffIds("oci:" + out + ":v1")).isEqualTo(diffIds("oci:" + layout + ":gone")).hasSize(3);
        assertThat(configDigest("oci:" + out + ":v1").hex()).isEqualTo(id);
        // podman stored the layers by their gzip digests: they come out as the uncompressed tars it hashed.
        try (ImageSource source = Transports.openSource(TransportRef.parse("oci:" + out + ":v1"))) {
            Image image = (Image) Images.open(source);
            for (Layer layer : image.layers()) {
                assertThat(layer.digest()).isEqualTo(layer.diffId());
            }
        }
        // And by ID, as skopeo accepts it.
        assertThat(diffIds(store(home, driver) + "@" + id)).isEqualTo(diffIds("oci:" + layout + ":gone"));
        assertThat(Fixtures.skopeo(dir, "inspect", "oci:" + out + ":v1").ok()).isTrue();
    }

    @Test
    void readsADockerImagePodmanLoadedAsDockerSchema2() throws Exception {
        Path home = home("docker", "vfs");
        Path archive = dir.resolve("gone-docker.tar");
        Fixtures.skopeo(dir, "copy", "oci:" + layout + ":gone", "docker-archive:" + archive + ":gantry/docker:v1");
        run(home, "vfs", "load", "-i", archive.toString());

        String location = store(home, "vfs") + "gantry/docker:v1";
        try (ImageSource source = Transports.openSource(TransportRef.parse(location))) {
            assertThat(source.root().mediaType()).isEqualTo(dev.gantry.oci.MediaTypes.DOCKER_MANIFEST);
        }
        Path out = dir.resolve("docker-out");
        copy(location, "oci:" + out + ":v1");
        assertThat(diffIds("oci:" + out + ":v1")).isEqualTo(diffIds("oci:" + layout + ":gone"));
        assertThat(Fixtures.skopeo(dir, "inspect", "oci:" + out + ":v1").ok()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"vfs", "overlay"})
    void writesAnImagePodmanRuns(String driver) throws Exception {
        Path home = home("write-" + driver, driver);
        String location = store(home, driver) + "gantry/written:v1";
        copy("oci:" + layout + ":gone", location);

        String name = "docker.io/gantry/written:v1";
        String id = run(home, driver, "image", "inspect", "--format", "{{.Id}}", name).stdout().strip();
        assertThat(id).isEqualTo(configDigest("oci:" + layout + ":gone").hex());
        String ls = run(home, driver, "run", "--rm", "--runtime", "runc", "--network", "none", "--ulimit", "nofile=1024:1024",
                "--ulimit", "nproc=1024:1024", name, "/bin/sh", "-c", "cat /etc/app.txt; ls /etc").stdout();
        assertThat(ls).contains("app\n").contains("base.txt").doesNotContain("victim.txt");

        // podman rebuilds each layer from the tar-split Gantry wrote; its copy checks every digest.
        Path saved = dir.resolve("write-" + driver + ".tar");
        run(home, driver, "save", "--format", "oci-archive", "-o", saved.toString(), name);
        assertThat(diffIds("oci-archive:" + saved)).isEqualTo(diffIds("oci:" + layout + ":gone"));
        // And Gantry reads back what it wrote, the same image.
        assertThat(diffIds(location)).isEqualTo(diffIds("oci:" + layout + ":gone"));

        // A second image over the same lower layers reuses them; the name moves like a podman tag.
        copy("oci:" + layout + ":app", location);
        String moved = run(home, driver, "image", "inspect", "--format", "{{.Id}}", name).stdout().strip();
        assertThat(moved).isEqualTo(configDigest("oci:" + layout + ":app").hex());
        assertThat(run(home, driver, "images", "--quiet", "--no-trunc").stdout().strip().lines()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vfs", "overlay"})
    void anOpaqueDirectoryHidesWhatLowerLayersHad(String driver) throws Exception {
        Path opaque = dir.resolve("opaque-" + driver);
        Path tar = dir.resolve("opaque-" + driver + ".tar");
        Files.write(tar, new TarBuilder().dir("etc").opaque("etc").file("etc/only.txt", "alone\n").build());
        try (ImageSource base = Transports.openSource(TransportRef.parse("oci:" + layout + ":app"));
             ImageTarget target = Transports.openTarget(TransportRef.parse("oci:" + opaque + ":v1"), null)) {
            ImageWriter.write(Mutate.append((Image) Images.open(base), Layers.fromFile(tar)), target);
        }
        Path home = home("op-" + driver, driver);
        copy("oci:" + opaque + ":v1", store(home, driver) + "gantry/opaque:v1");

        String ls = run(home, driver, "run", "--rm", "--runtime", "runc", "--network", "none", "--ulimit", "nofile=1024:1024",
                "--ulimit", "nproc=1024:1024", "docker.io/gantry/opaque:v1", "/bin/ls", "/etc").stdout();
        // podman adds hostname, hosts and the like itself; what the lower layers had is gone.
        assertThat(ls).contains("only.txt").doesNotContain("base.txt", "passwd", "app.txt");
        Path saved = dir.resolve("opaque-" + driver + "-saved.tar");
        run(home, driver, "save", "--format", "oci-archive", "-o", saved.toString(), "docker.io/gantry/opaque:v1");
        assertThat(diffIds("oci-archive:" + saved)).isEqualTo(diffIds("oci:" + opaque + ":v1"));
    }

    @Test
    void aMissingImageIsOneLineNamingIt() throws Exception {
        Path home = home("missing", "vfs");
        copy("oci:" + layout + ":base", store(home, "vfs") + "gantry/present:v1");
        try (ImageSource source = Transports.openSource(TransportRef.parse(store(home, "vfs") + "gantry/absent:v1"))) {
            assertThatThrownBy(source::root).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("'gantry/absent:v1' not found")
                    .hasMessageContaining("docker.io/gantry/present:v1")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void aWriteWaitsForALockAnotherProcessHolds() throws Exception {
        Path home = home("locked", "vfs");
        Path layersDir = Files.createDirectories(home.resolve("root/vfs-layers"));
        Path lock = layersDir.resolve("layers.lock");
        // python3's lockf is the same fcntl record lock containers/storage's Go code takes.
        Process holder = new ProcessBuilder("python3", "-c", "import fcntl,sys\nf=open(sys.argv[1],'a+')\n"
                + "fcntl.lockf(f, fcntl.LOCK_EX)\nprint('locked', flush=True)\nsys.stdin.read()", lock.toString()).start();
        try {
            assertThat(new String(holder.getInputStream().readNBytes(7), StandardCharsets.UTF_8)).isEqualTo("locked\n");
            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
                try {
                    copy("oci:" + layout + ":base", store(home, "vfs") + "gantry/waited:v1");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThatThrownBy(() -> write.get(3, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
            holder.getOutputStream().close();
            write.get(2, TimeUnit.MINUTES);
        } finally {
            holder.destroy();
            holder.waitFor();
        }
        assertThat(run(home, "vfs", "image", "inspect", "--format", "{{.Id}}", "docker.io/gantry/waited:v1").stdout().strip())
                .isEqualTo(configDigest("oci:" + layout + ":base").hex());
    }

    @Test
    void podmanWaitsWhileALayerIsRead() throws Exception {
        Path home = home("reading", "vfs");
        String location = store(home, "vfs") + "gantry/read:v1";
        copy("oci:" + layout + ":app", location);
        Process rmi;
        try (ImageSource source = Transports.openSource(TransportRef.parse(location))) {
            Image image = (Image) Images.open(source);
            try (InputStream layer = source.openBlob(image.manifest().layers().get(0))) {
                assertThat(layer.readNBytes(512)).hasSize(512);
                rmi = new ProcessBuilder(podman(home, "vfs", "rmi", "docker.io/gantry/read:v1")).redirectErrorStream(true).start();
                assertThat(rmi.waitFor(3, TimeUnit.SECONDS)).as("podman rmi finished while Gantry read a layer").isFalse();
            }
        }
        assertThat(rmi.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(rmi.exitValue()).as(new String(rmi.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        assertThat(run(home, "vfs", "images", "--quiet").stdout().strip()).isEmpty();
    }

    @Test
    void aCopyWithinOneStoreNamesTheSameImage() throws Exception {
        Path home = home("retag", "overlay");
        copy("oci:" + layout + ":app", store(home, "overlay") + "gantry/first:v1");
        copy(store(home, "overlay") + "gantry/first:v1", store(home, "overlay") + "gantry/second:v1");
        String first = run(home, "overlay", "image", "inspect", "--format", "{{.Id}}", "docker.io/gantry/first:v1").stdout().strip();
        String second = run(home, "overlay", "image", "inspect", "--format", "{{.Id}}", "docker.io/gantry/second:v1").stdout().strip();
        assertThat(second).isEqualTo(first);
        assertThat(run(home, "overlay", "images", "--quiet", "--no-trunc").stdout().strip().lines()).hasSize(1);
    }
}
