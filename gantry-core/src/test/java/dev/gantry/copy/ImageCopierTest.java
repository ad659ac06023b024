package dev.gantry.copy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.digest.Digest;
import dev.gantry.error.DigestMismatchException;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.Layer;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.MediaTypes;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;
import dev.gantry.transport.TagLister;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.transport.layout.OciLayout;
import dev.gantry.validate.ImageValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Copies between every pair of local transports, starting from images umoci and skopeo made,
 * and checks what Gantry writes with the peers: umoci stat/unpack, skopeo inspect/copy.
 */
class ImageCopierTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Path layout;
    static Map<String, String> sources;

    @BeforeAll
    static void buildFixtures() {
        layout = Fixtures.umociLayout(shared);
        sources = Map.of(
                "oci", "oci:" + layout + ":" + Fixtures.TAG,
                "docker-archive", "docker-archive:" + Fixtures.dockerArchive(shared, layout),
                "oci-archive", "oci-archive:" + Fixtures.ociArchive(shared, layout) + ":" + Fixtures.TAG);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "oci, oci", "oci, docker-archive", "oci, oci-archive",
            "docker-archive, oci", "docker-archive, docker-archive", "docker-archive, oci-archive",
            "oci-archive, oci", "oci-archive, docker-archive", "oci-archive, oci-archive"})
    void copiesBetweenLocalTransportsKeepingLayerBytes(String from, String to, @TempDir Path out) throws IOException {
        String target = targetRef(to, out);
        Descriptor written = copy(sources.get(from), target);

        try (ImageSource src = open(sources.get(from)); ImageSource dst = open(target)) {
            Image original = (Image) Images.open(src);
            Image copied = (Image) Images.open(dst);
            assertThat(dst.root().digest()).isEqualTo(written.digest());
            assertThat(copied.layers()).extracting(Layer::digest)
                    .isEqualTo(digests(original.layers()));
            assertThat(copied.configDescriptor().digest()).isEqualTo(original.configDescriptor().digest());
            for (Layer layer : copied.layers()) {
                try (InputStream in = layer.openCompressed()) {
                    assertThat(Fixtures.sha256(in)).isEqualTo(layer.digest().toString());
                }
                try (InputStream in = layer.openUncompressed()) {
                    assertThat(Fixtures.sha256(in)).isEqualTo(layer.diffId().toString());
                }
            }
            if (!to.equals("docker-archive")) {
                assertThat(copied.descriptor().mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
                assertThat(copied.configDescriptor().mediaType()).isEqualTo(MediaTypes.OCI_CONFIG);
                assertThat(copied.layers()).allSatisfy(l -> assertThat(MediaTypes.isDocker(l.mediaType())).isFalse());
            }
            if (!from.equals("docker-archive")) {
                // An OCI source copied to an OCI-keeping target is forwarded byte for byte.
                assertThat(copied.rawManifest()).isEqualTo(original.rawManifest());
            }
            assertThat(new ImageValidator(dst, false).validate().findings()).isEmpty();
        }
        assertPeersAccept(to, out, target, written);
    }

    @Test
    void roundTripThroughEveryTransportKeepsTheManifestDigest(@TempDir Path out) throws IOException {
        Digest original;
        try (ImageSource src = open(sources.get("oci"))) {
            original = src.root().digest();
        }
        String docker = "docker-archive:" + out.resolve("a.tar") + ":gantry/round:trip";
        String ociArchive = "oci-archive:" + out.resolve("b.tar") + ":trip";
        String oci = "oci:" + out.resolve("c") + ":trip";
        copy(sources.get("oci"), docker);
        copy(docker, ociArchive);
        Descriptor last = copy(ociArchive, oci);
        assertThat(last.digest()).isEqualTo(original);
        PeerTools.assumeInstalled("umoci");
        Fixtures.umoci(out, "unpack", "--image", out.resolve("c") + ":trip", out.resolve("bundle").toString());
        Path rootfs = out.resolve("bundle/rootfs");
        assertThat(rootfs.resolve("etc/hello.txt")).hasContent("hello");
        assertThat(rootfs.resolve("etc/new.txt")).hasContent("new");
        assertThat(rootfs.resolve("etc/bye.txt")).doesNotExist();
        assertThat(rootfs.resolve("data")).doesNotExist();
    }

    @Test
    void convertsDockerMediaTypesForOciTargetsKeepingUnknownFields(@TempDir Path out) throws IOException {
        String source = dockerTypedLayout(out.resolve("docker-typed"));
        String target = "oci:" + out.resolve("converted") + ":conv";
        Descriptor written = copy(source, target);

        assertThat(written.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        byte[] raw = Files.readAllBytes(out.resolve("converted").resolve(OciLayout.blobPath(written.digest())));
        assertThat(Fixtures.sha256(raw)).isEqualTo(written.digest().toString());
        JsonNode manifest = JSON.readTree(raw);
        assertThat(manifest.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(manifest.path("config").path("mediaType").asText()).isEqualTo(MediaTypes.OCI_CONFIG);
        assertThat(manifest.path("layers")).allSatisfy(l ->
                assertThat(l.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_LAYER_GZIP));
        assertThat(manifest.path("x-gantry-unknown").path("nested").toString()).isEqualTo("[1,2,3]");
        assertThat(manifest.path("config").path("x-descriptor-extra").asText()).isEqualTo("kept");
        assertThat(manifest.path("annotations").path("org.example.note").asText()).isEqualTo("kept too");

        Fixtures.umoci(out, "stat", "--image", out.resolve("converted") + ":conv");
        byte[] skopeoRaw = Fixtures.skopeo(out, "inspect", "--raw", target).stdout().getBytes(StandardCharsets.UTF_8);
        assertThat(skopeoRaw).isEqualTo(raw);
    }

    @Test
    void dockerArchiveTargetKeepsDockerTypesAndSkopeoReadsThem(@TempDir Path out) throws IOException {
        String source = dockerTypedLayout(out.resolve("docker-typed"));
        Path archive = out.resolve("d.tar");
        String target = "docker-archive:" + archive + ":gantry/docker:typed";
        Descriptor written = copy(source, target);
        assertThat(written.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        try (ImageSource src = open(source)) {
            assertThat(written.digest()).isEqualTo(src.root().digest());
        }
        assertPeersAccept("docker-archive", out, target, written);
    }

    @Test
    void copyWithinOneLayoutAddsATagAndWritesNoBlob(@TempDir Path out) throws IOException {
        Path dir = out.resolve("same");
        Fixtures.copyTree(layout, dir);
        List<Path> before = files(dir);
        Descriptor written = copy("oci:" + dir + ":" + Fixtures.TAG, "oci:" + dir + ":again");
        try (ImageSource src = open("oci:" + dir)) {
            assertThat(((TagLister) src).tags()).containsExactlyInAnyOrder(Fixtures.TAG, "again");
        }
        List<Path> after = files(dir);
        assertThat(after).containsExactlyInAnyOrderElementsOf(before);
        Fixtures.umoci(out, "stat", "--image", dir + ":again");
        assertThat(Fixtures.sha256(Fixtures.skopeo(out, "inspect", "--raw", "oci:" + dir + ":again").stdout()))
                .isEqualTo(written.digest().toString());
    }

    @Test
    void convertsOciToDockerSchema2WhenAsked(@TempDir Path out) throws IOException {
        String target = "docker-archive:" + out.resolve("d.tar") + ":gantry/docker:v2s2";
        Descriptor written;
        try (ImageSource src = open(sources.get("oci")); ImageTarget dst = Transports.openTarget(TransportRef.parse(target), null)) {
            written = new ImageCopier(src, dst, new CopyOptions(false, null, ManifestFormat.DOCKER, 2, CopyListener.NONE)).copy();
        }
        assertThat(written.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        try (ImageSource src = open(target)) {
            Image image = (Image) Images.open(src);
            assertThat(image.configDescriptor().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
            assertThat(image.layers()).allSatisfy(l -> assertThat(l.mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP));
            assertThat(new ImageValidator(src, false).validate().findings()).isEmpty();
        }
        assertPeersAccept("docker-archive", out, target, written);
    }

    @Test
    void copyIntoAnExistingLayoutAddsATagAndKeepsTheOthers(@TempDir Path out) throws IOException {
        Path target = out.resolve("umoci-copy");
        copyTree(layout, target);
        Path handMade = Fixtures.handMadeArchive(out, true);
        Digest umociRoot;
        try (ImageSource src = open("oci:" + target + ":" + Fixtures.TAG)) {
            umociRoot = src.root().digest();
        }

        Descriptor hello = copy("docker-archive:" + handMade, "oci:" + target + ":hello");
        Descriptor second = copy("docker-archive:" + handMade, "oci:" + target + ":hello2");

        try (ImageSource src = open("oci:" + target)) {
            assertThat(((TagLister) src).tags()).containsExactlyInAnyOrder(Fixtures.TAG, "hello", "hello2");
        }
        try (ImageSource src = open("oci:" + target + ":" + Fixtures.TAG)) {
            assertThat(src.root().digest()).isEqualTo(umociRoot);
        }
        assertThat(second.digest()).isEqualTo(hello.digest());
        for (String tag : List.of(Fixtures.TAG, "hello", "hello2")) {
            Fixtures.umoci(out, "stat", "--image", target + ":" + tag);
        }
        assertThat(Fixtures.skopeo(out, "inspect", "--raw", "oci:" + target + ":hello").stdout().getBytes(StandardCharsets.UTF_8))
                .satisfies(raw -> assertThat(Fixtures.sha256(raw)).isEqualTo(hello.digest().toString()));

        // Moving a tag replaces only that entry.
        copy(sources.get("oci"), "oci:" + target + ":hello");
        try (ImageSource src = open("oci:" + target + ":hello")) {
            assertThat(src.root().digest()).isEqualTo(umociRoot);
        }
        try (ImageSource src = open("oci:" + target + ":hello2")) {
            assertThat(src.root().digest()).isEqualTo(hello.digest());
        }
        JsonNode index = JSON.readTree(target.resolve("index.json").toFile());
        assertThat(index.path("manifests")).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci", "oci-archive", "docker-archive"})
    void blobWhoseBytesDoNotMatchItsDigestFailsTheCopyAndLeavesNothingTagged(String to, @TempDir Path out) throws IOException {
        Path corrupt = out.resolve("corrupt");
        copyTree(layout, corrupt);
        Digest layer;
        try (ImageSource src = open("oci:" + corrupt + ":" + Fixtures.TAG)) {
            layer = ((Image) Images.open(src)).layers().get(1).digest();
        }
        flipLastByte(corrupt.resolve(OciLayout.blobPath(layer)));
        Path dest = out.resolve("dest");
        Files.createDirectories(dest);
        String target = targetRef(to, dest);

        assertThatThrownBy(() -> copy("oci:" + corrupt + ":" + Fixtures.TAG, target))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining(layer.toString())
                .hasMessageContaining("as read from the source")
                .hasMessageNotContaining("written to");

        try (Stream<Path> files = Files.walk(dest)) {
            List<Path> left = files.filter(Files::isRegularFile).toList();
            if (to.equals("oci")) {
                // A valid layout holding no image: the copy's blobs stay for a re-run to reuse.
                assertThat(JSON.readTree(dest.resolve("image/index.json").toFile()).path("manifests")).isEmpty();
                assertThat(dest.resolve("image/oci-layout")).exists();
                assertThat(dest.resolve("image").resolve(OciLayout.blobPath(layer))).doesNotExist();
                assertThat(left).noneMatch(p -> p.getFileName().toString().endsWith(".partial"));
            } else {
                assertThat(left).as("no archive and no partial file may remain").isEmpty();
            }
        }
    }

    /** A registry source resolves its tag only when the copy starts, after the target is open. */
    @ParameterizedTest
    @ValueSource(strings = {"oci", "dir"})
    void aTargetOpenedForACopyThatFailsBeforeWritingCreatesNoDirectory(String kind, @TempDir Path out) throws IOException {
        Path target = out.resolve("never");

        try (ImageTarget dst = Transports.openTarget(TransportRef.parse(kind + ":" + target + (kind.equals("oci") ? ":t" : "")), null)) {
            assertThatThrownBy(() -> {
                try (ImageSource src = open("oci:" + layout + ":no-such-tag")) {
                    new ImageCopier(src, dst, CopyOptions.defaults()).copy();
                }
            }).hasMessageContaining("no-such-tag");
        }
        assertThat(target).doesNotExist();
    }

    @Test
    void failedCopyIntoAnExistingLayoutLeavesItsIndexUntouched(@TempDir Path out) throws IOException {
        Path target = out.resolve("existing");
        copy("docker-archive:" + Fixtures.handMadeArchive(out, true), "oci:" + target + ":hello");
        byte[] indexBefore = Files.readAllBytes(target.resolve("index.json"));
        Path corrupt = out.resolve("corrupt");
        copyTree(layout, corrupt);
        Digest config;
        try (ImageSource src = open("oci:" + corrupt + ":" + Fixtures.TAG)) {
            config = ((Image) Images.open(src)).configDescriptor().digest();
        }
        Files.writeString(corrupt.resolve(OciLayout.blobPath(config)), "{\"not\":\"the config\"}");

        assertThatThrownBy(() -> copy("oci:" + corrupt + ":" + Fixtures.TAG, "oci:" + target + ":broken"))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining(config.toString());
        assertThat(Files.readAllBytes(target.resolve("index.json"))).isEqualTo(indexBefore);
        assertThat(target.resolve(OciLayout.blobPath(config))).doesNotExist();
        Fixtures.umoci(out, "stat", "--image", target + ":hello");
    }

    @Test
    void handMadeArchiveCopiedToOciIsReadableByUmociAndSkopeo(@TempDir Path out) throws IOException {
        Path archive = Fixtures.handMadeArchive(out, true);
        String target = "oci:" + out.resolve("hand-oci") + ":hello";
        Descriptor written = copy("docker-archive:" + archive, target);
        assertPeersAccept("oci", out, target, written);
        Fixtures.umoci(out, "unpack", "--image", out.resolve("hand-oci") + ":hello", out.resolve("bundle").toString());
        assertThat(out.resolve("bundle/rootfs/hello.txt")).hasContent(Fixtures.HELLO.strip());
    }

    // ---- helpers

    static Descriptor copy(String from, String to) throws IOException {
        try (ImageSource src = open(from); ImageTarget dst = Transports.openTarget(TransportRef.parse(to), null)) {
            return new ImageCopier(src, dst, CopyOptions.defaults()).copy();
        }
    }

    static ImageSource open(String ref) throws IOException {
        return Transports.openSource(TransportRef.parse(ref));
    }

    static String targetRef(String kind, Path dir) {
        return switch (kind) {
            case "oci" -> "oci:" + dir.resolve("image") + ":copied";
            case "oci-archive" -> "oci-archive:" + dir.resolve("image.tar") + ":copied";
            case "docker-archive" -> "docker-archive:" + dir.resolve("image.tar") + ":gantry/copied:v1";
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** What Gantry wrote must be accepted by umoci (layouts) and skopeo (all three), and copied out by skopeo. */
    static void assertPeersAccept(String kind, Path work, String target, Descriptor written) throws IOException {
        Path fresh = Files.createTempDirectory(work, "skopeo-out-");
        switch (kind) {
            case "oci", "oci-archive" -> {
                byte[] raw = Fixtures.skopeo(work, "inspect", "--raw", target).stdout().getBytes(StandardCharsets.UTF_8);
                assertThat(Fixtures.sha256(raw)).isEqualTo(written.digest().toString());
                JsonNode inspect = JSON.readTree(Fixtures.skopeo(work, "inspect", target).stdout());
                assertThat(inspect.path("Digest").asText()).isEqualTo(written.digest().toString());
                if (kind.equals("oci")) {
                    TransportRef ref = TransportRef.parse(target);
                    Fixtures.umoci(work, "stat", "--image", ref.path() + ":" + ref.selector());
                }
            }
            case "docker-archive" -> {
                JsonNode raw = JSON.readTree(Fixtures.skopeo(work, "inspect", "--raw", target).stdout());
                try (ImageSource src = open(target)) {
                    Image image = (Image) Images.open(src);
                    assertThat(raw.path("config").path("digest").asText()).isEqualTo(image.configDescriptor().digest().toString());
                    List<String> skopeoLayers = new ArrayList<>();
                    raw.path("layers").forEach(l -> skopeoLayers.add(l.path("digest").asText()));
                    // skopeo names docker-archive layers by diff_id whatever their compression.
                    assertThat(skopeoLayers).isEqualTo(image.config().diffIds().stream().map(Digest::toString).toList());
                }
                Fixtures.skopeo(work, "inspect", target);
            }
            default -> throw new IllegalArgumentException(kind);
        }
        Fixtures.skopeo(work, "copy", target, "oci:" + fresh.resolve("out") + ":out");
        Fixtures.umoci(work, "stat", "--image", fresh.resolve("out") + ":out");
    }

    /**
     * A copy of the umoci layout whose image manifest is rewritten with Docker schema2 media
     * types plus fields Gantry does not know; returns its reference.
     */
    static String dockerTypedLayout(Path dir) throws IOException {
        copyTree(layout, dir);
        JsonNode index = JSON.readTree(dir.resolve("index.json").toFile());
        Digest ociDigest = Digest.parse(index.path("manifests").get(0).path("digest").asText());
        ObjectNode manifest = (ObjectNode) JSON.readTree(dir.resolve(OciLayout.blobPath(ociDigest)).toFile());
        manifest.put("mediaType", MediaTypes.DOCKER_MANIFEST);
        ((ObjectNode) manifest.get("config")).put("mediaType", MediaTypes.DOCKER_CONFIG).put("x-descriptor-extra", "kept");
        manifest.get("layers").forEach(l -> ((ObjectNode) l).put("mediaType", MediaTypes.DOCKER_LAYER_GZIP));
        manifest.putObject("x-gantry-unknown").putArray("nested").add(1).add(2).add(3);
        manifest.putObject("annotations").put("org.example.note", "kept too");
        byte[] raw = JSON.writeValueAsBytes(manifest);
        Digest digest = Digest.parse(Fixtures.sha256(raw));
        Files.write(dir.resolve(OciLayout.blobPath(digest)), raw);
        Files.writeString(dir.resolve("index.json"), """
                {"schemaVersion":2,"manifests":[{"mediaType":"%s","digest":"%s","size":%d,\
                "annotations":{"org.opencontainers.image.ref.name":"docker"}}]}"""
                .formatted(MediaTypes.DOCKER_MANIFEST, digest, raw.length));
        return "oci:" + dir + ":docker";
    }

    static void copyTree(Path from, Path to) throws IOException {
        Fixtures.copyTree(from, to);
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("index.json")).toList();
        }
    }

    static void flipLastByte(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = f.length() - 1;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
    }

    /** The layers' digests, in order (a loop: {@link Layer#digest()} may read, so it throws IOException). */
    private static List<Digest> digests(List<Layer> layers) throws IOException {
        List<Digest> digests = new ArrayList<>();
        for (Layer layer : layers) {
            digests.add(layer.digest());
        }
        return digests;
    }
}
