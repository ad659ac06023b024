package dev.gantry.transport.daemon;

import dev.gantry.copy.CopyListener;
import dev.gantry.copy.CopyOptions;
import dev.gantry.copy.ImageCopier;
import dev.gantry.digest.Digest;
import dev.gantry.error.DigestMismatchException;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.NotFoundException;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageConfig;
import dev.gantry.oci.ImageManifest;
import dev.gantry.ref.Reference;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PodmanService;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.validate.ImageValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code docker-daemon:} against a real Docker Engine API: {@code podman system service} on a
 * socket in the test's directory, over a throwaway store, checked with podman's own CLI.
 */
class DaemonTransportTest {
    @TempDir
    static Path shared;
    static Path layout;
    static PodmanService podman;
    static DockerHost host;

    @BeforeAll
    static void start() throws IOException {
        layout = Fixtures.umociLayout(shared);
        podman = PodmanService.start(shared.resolve("podman"));
        host = DockerHost.parse(podman.dockerHost());
    }

    @AfterAll
    static void stop() {
        if (podman != null) {
            podman.close();
        }
    }

    @Test
    void loadsIntoTheDaemonAndReadsBackTheSameLayersBitForBit(@TempDir Path out) throws IOException {
        Reference name = Reference.parse("localhost/gantry/roundtrip:v1");
        List<String> loaded;
        try (ImageSource src = open("oci:" + layout + ":" + Fixtures.TAG);
             DaemonTarget dst = new DaemonTarget(host, name, "docker-daemon:" + name.familiarString(), ManifestFormat.ANY)) {
            copy(src, dst);
            loaded = dst.loaded();
        }
        assertThat(loaded).anyMatch(line -> line.contains("localhost/gantry/roundtrip:v1"));
        assertThat(podman.podman("images", "--format", "{{.Repository}}:{{.Tag}}").stdout()).contains("localhost/gantry/roundtrip:v1");

        Path back = out.resolve("back");
        try (DaemonSource src = new DaemonSource(host, name.toString(), "docker-daemon:" + name.familiarString());
             ImageTarget dst = Transports.openTarget(TransportRef.parse("oci:" + back + ":v1"), null)) {
            assertThat(new ImageValidator(src, false).validate().findings()).isEmpty();
            copy(src, dst);
        }
        Seen original = image("oci:" + layout + ":" + Fixtures.TAG);
        Seen returned = image("oci:" + back + ":v1");
        assertThat(returned.config().diffIds()).isEqualTo(original.config().diffIds()).hasSize(2);
        assertThat(returned.configDescriptor().digest()).isEqualTo(original.configDescriptor().digest());
        // The daemon keeps layers uncompressed: each stored layer is the original's uncompressed tar, byte for byte.
        for (int i = 0; i < 2; i++) {
            Descriptor layer = returned.manifest().layers().get(i);
            assertThat(layer.digest()).isEqualTo(original.config().diffIds().get(i));
            assertThat(Fixtures.sha256(Fixtures.blob(back, layer.digest().toString())))
                    .isEqualTo(Fixtures.sha256Uncompressed(Fixtures.blob(layout, original.manifest().layers().get(i).digest().toString())));
        }
        Fixtures.umoci(out, "stat", "--image", back + ":v1");
    }

    @Test
    void readsAnImageByItsId(@TempDir Path out) throws IOException {
        Reference name = Reference.parse("localhost/gantry/by-id:v1");
        try (ImageSource src = open("oci:" + layout + ":" + Fixtures.TAG);
             DaemonTarget dst = new DaemonTarget(host, name, "docker-daemon:" + name.familiarString(), ManifestFormat.ANY)) {
            copy(src, dst);
        }
        String id = podman.podman("image", "inspect", "--format", "{{.Id}}", name.toString()).stdout().strip();
        try (DaemonSource src = new DaemonSource(host, "sha256:" + id, "docker-daemon:sha256:" + id)) {
            Image image = (Image) Images.open(src);
            assertThat(image.configDescriptor().digest()).isEqualTo(Digest.parse("sha256:" + id));
        }
    }

    @Test
    void aMissingImageIsNotFoundNamingTheDaemon() {
        assertThatThrownBy(() -> new DaemonSource(host, "localhost/gantry/absent:v1", "docker-daemon:localhost/gantry/absent:v1"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("docker-daemon:localhost/gantry/absent:v1")
                .hasMessageContaining(podman.dockerHost())
                .hasMessageContaining("image not known");
    }

    @Test
    void aDaemonThatIsNotRunningIsOneLineNamingTheSocket(@TempDir Path out) throws IOException {
        DockerHost none = DockerHost.parse("unix://" + out.resolve("none.sock"));
        assertThatThrownBy(() -> new DaemonSource(none, "busybox:latest", "docker-daemon:busybox:latest"))
                .isInstanceOf(DaemonException.class)
                .hasMessageStartingWith("cannot reach the Docker daemon at unix://" + out.resolve("none.sock") + ": no such socket")
                .hasMessageNotContaining("\n");
        // A socket file nobody listens on (a daemon that died): refused, still one line.
        Path stale = out.resolve("stale.sock");
        try (var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(stale));
        }
        assertThat(stale).exists();
        assertThatThrownBy(() -> new DaemonTarget(DockerHost.parse("unix://" + stale), Reference.parse("a:b"), "docker-daemon:a:b",
                ManifestFormat.ANY))
                .isInstanceOf(DaemonException.class)
                .hasMessageContaining("cannot reach the Docker daemon at unix://" + stale + ": connection refused")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aCopyThatFailsHalfWayLoadsNothing(@TempDir Path out) throws IOException {
        Path damaged = out.resolve("damaged");
        Fixtures.copyTree(layout, damaged);
        Seen image = image("oci:" + damaged + ":" + Fixtures.TAG);
        Path layer = Fixtures.blob(damaged, image.manifest().layers().get(1).digest().toString());
        byte[] bytes = Files.readAllBytes(layer);
        bytes[bytes.length / 2] ^= 1;
        Files.write(layer, bytes);

        Reference name = Reference.parse("localhost/gantry/damaged:v1");
        assertThatThrownBy(() -> {
            try (ImageSource src = open("oci:" + damaged + ":" + Fixtures.TAG);
                 DaemonTarget dst = new DaemonTarget(host, name, "docker-daemon:" + name.familiarString(), ManifestFormat.ANY)) {
                copy(src, dst);
            }
        }).isInstanceOf(DigestMismatchException.class);
        assertThat(podman.podman("images", "--format", "{{.Repository}}:{{.Tag}}").stdout()).doesNotContain("damaged");
    }

    @Test
    void parsesSkopeosDaemonLocations() throws IOException {
        TransportRef named = TransportRef.parse("docker-daemon:busybox");
        assertThat(named.kind()).isEqualTo(TransportRef.Kind.DOCKER_DAEMON);
        assertThat(named.reference().toString()).isEqualTo("docker.io/library/busybox:latest");
        assertThat(named).hasToString("docker-daemon:busybox:latest");
        String id = "sha256:" + "ab".repeat(32);
        TransportRef byId = TransportRef.parse("docker-daemon:" + id);
        assertThat(byId.selector()).isEqualTo(id);
        assertThat(byId.selectsDigest()).isFalse();
        assertThat(byId).hasToString("docker-daemon:" + id);
        assertThatThrownBy(() -> TransportRef.parse("docker-daemon:busybox@" + id))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("NAME:TAG or sha256:ID");
        assertThatThrownBy(() -> Transports.openTarget(byId, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("docker-daemon:NAME:TAG");
        assertThatThrownBy(() -> TransportRef.parse("docker-daemon:"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("names no image");
    }

    @Test
    void dockerHostComesFromTheEnvironment() {
        assertThat(DockerHost.fromEnvironment(java.util.Map.of()).socket()).isEqualTo(Path.of("/var/run/docker.sock"));
        assertThat(DockerHost.fromEnvironment(java.util.Map.of("DOCKER_HOST", "unix:///run/x.sock")).socket())
                .isEqualTo(Path.of("/run/x.sock"));
        assertThatThrownBy(() -> DockerHost.parse("tcp://127.0.0.1:2375"))
                .isInstanceOf(dev.gantry.error.UnsupportedFormatException.class).hasMessageContaining("unix socket only");
    }

    // ---- helpers

    private static void copy(ImageSource src, ImageTarget dst) throws IOException {
        new ImageCopier(src, dst, new CopyOptions(false, null, null, 3, CopyListener.NONE)).copy();
    }

    private static ImageSource open(String ref) throws IOException {
        return Transports.openSource(TransportRef.parse(ref));
    }

    /** An image's manifest and config, read while its source is open. */
    private record Seen(ImageManifest manifest, ImageConfig config) {
        Descriptor configDescriptor() {
            return manifest.config();
        }
    }

    private static Seen image(String ref) throws IOException {
        try (ImageSource src = open(ref)) {
            Image image = (Image) Images.open(src);
            return new Seen(image.manifest(), image.config());
        }
    }
}
