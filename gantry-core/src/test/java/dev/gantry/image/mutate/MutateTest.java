package dev.gantry.image.mutate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.copy.ImageWriter;
import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;
import dev.gantry.image.Artifact;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.Index;
import dev.gantry.image.Layer;
import dev.gantry.image.Layers;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.MediaTypes;
import dev.gantry.oci.Platform;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.validate.ImageValidator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MutateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Platform AMD64 = new Platform("linux", "amd64", null);

    @TempDir
    Path dir;

    @Test
    void emptyImageIsAValidImageWithNoLayers() throws IOException {
        Path layout = dir.resolve("empty");
        Descriptor written = write(Mutate.empty(AMD64), "oci:" + layout + ":e");

        try (ImageSource source = open("oci:" + layout + ":e")) {
            assertThat(new ImageValidator(source, false).validate().findings()).isEmpty();
            Image read = (Image) Images.open(source);
            assertThat(read.descriptor().digest()).isEqualTo(written.digest());
            assertThat(read.layers()).isEmpty();
            assertThat(read.config().architecture()).isEqualTo("amd64");
        }
        PeerTools.assumeInstalled("skopeo");
        JsonNode inspect = JSON.readTree(Fixtures.skopeo(dir, "inspect", "oci:" + layout + ":e").stdout());
        assertThat(inspect.path("Architecture").asText()).isEqualTo("amd64");
        assertThat(inspect.path("Layers")).isEmpty();
    }

    @Test
    void appendComputesNothingUntilWritten() throws IOException {
        Path file = dir.resolve("layer.tar");
        CountingLayer layer = new CountingLayer(Layers.fromFile(file)); // the file does not exist yet

        Image image = Mutate.withConfig(Mutate.append(Mutate.empty(AMD64),
                List.of(Addendum.of(layer, null, "add a.txt", null))), config -> config.put("author", "me"));
        assertThat(layer.asked).hasValue(0);

        byte[] tar = tar("a.txt", "hello");
        Files.write(file, tar);
        Path layout = dir.resolve("appended");
        write(image, "oci:" + layout + ":a");

        assertThat(layer.asked.get()).isPositive();
        try (ImageSource source = open("oci:" + layout + ":a")) {
            assertThat(new ImageValidator(source, false).validate().findings()).isEmpty();
            Image read = (Image) Images.open(source);
            assertThat(read.layers()).singleElement().satisfies(l -> {
                assertThat(l.digest()).isEqualTo(Digest.sha256(tar));
                assertThat(l.diffId()).isEqualTo(Digest.sha256(tar));
                assertThat(l.mediaType()).isEqualTo(MediaTypes.OCI_LAYER);
            });
            assertThat(read.config().history()).singleElement()
                    .satisfies(h -> assertThat(h.createdBy()).isEqualTo("add a.txt"));
            assertThat(JSON.readTree(read.rawConfig()).path("author").asText()).isEqualTo("me");
        }
    }

    @Test
    void compressedFileLayerIsStoredAsItIsWithTheTarsDiffId() throws IOException {
        byte[] tar = tar("b.txt", "compressed");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar);
        }
        Layer layer = Layers.fromStream(new ByteArrayInputStream(gz.toByteArray()), dir.resolve("spool"));

        assertThat(layer.digest()).isEqualTo(Digest.sha256(gz.toByteArray()));
        assertThat(layer.size()).isEqualTo(gz.size());
        assertThat(layer.diffId()).isEqualTo(Digest.sha256(tar));
        assertThat(layer.mediaType()).isEqualTo(MediaTypes.OCI_LAYER_GZIP);
        try (InputStream in = layer.openUncompressed()) {
            assertThat(in.readAllBytes()).isEqualTo(tar);
        }
    }

    @Test
    void aFileChangedAfterItWasMeasuredIsRefused() throws IOException {
        Path file = dir.resolve("changing.tar");
        Files.write(file, tar("c.txt", "one"));
        Layer layer = Layers.fromFile(file);
        layer.digest();
        Files.write(file, tar("c.txt", "two"));

        assertThatThrownBy(() -> write(Mutate.append(Mutate.empty(AMD64), layer), "oci:" + dir.resolve("x") + ":x"))
                .hasMessageContaining(layer.digest().toString());
    }

    @Test
    void configEditsKeepFieldsGantryDoesNotModel() throws IOException {
        // A source image (read back from a layout) whose config has fields no record models.
        Path layout = dir.resolve("unknown");
        write(Mutate.withConfig(Mutate.empty(AMD64), config -> {
            config.putObject("x-vendor").put("kept", true);
            config.with("config").putArray("Env").add("A=1");
            config.with("config").put("x-inner", "kept too");
        }), "oci:" + layout + ":u");

        try (ImageSource source = open("oci:" + layout + ":u")) {
            Image base = (Image) Images.open(source);
            Image edited = Mutate.withConfig(Mutate.append(base, Layers.fromStream(new ByteArrayInputStream(tar("d", "d")),
                    dir.resolve("spool"))), config -> config.with("config").withArray("Env").add("B=2"));

            JsonNode config = JSON.readTree(edited.rawConfig());
            assertThat(config.path("x-vendor").path("kept").asBoolean()).isTrue();
            assertThat(config.path("config").path("x-inner").asText()).isEqualTo("kept too");
            assertThat(config.path("config").path("Env")).extracting(JsonNode::asText).containsExactly("A=1", "B=2");
            assertThat(edited.config().diffIds()).hasSize(1);
            // The source image itself is untouched: a value, not an edit in place.
            assertThat(JSON.readTree(base.rawConfig()).path("config").path("Env")).hasSize(1);
        }
    }

    @Test
    void appendingToASourceImageStreamsItsLayersFromTheSource() throws IOException {
        Path umoci = Fixtures.umociLayout(Files.createDirectories(dir.resolve("fixture")));
        Path out = dir.resolve("out");
        try (ImageSource source = open("oci:" + umoci + ":" + Fixtures.TAG)) {
            Image base = (Image) Images.open(source);
            Image appended = Mutate.append(base, List.of(Addendum.of(
                    Layers.fromStream(new ByteArrayInputStream(tar("new.txt", "on top")), dir.resolve("spool")),
                    "2024-01-01T00:00:00Z", "gantry test", "a comment")));
            write(appended, "docker-archive:" + out.resolveSibling("out.tar") + ":app:v1");
            write(appended, "oci:" + out + ":app");

            assertThat(appended.layers()).hasSize(base.layers().size() + 1);
            assertThat(appended.layers().subList(0, base.layers().size())).extracting(Layer::digest)
                    .isEqualTo(digests(base.layers()));
        }
        for (String ref : List.of("oci:" + out + ":app", "docker-archive:" + out.resolveSibling("out.tar"))) {
            try (ImageSource written = open(ref)) {
                assertThat(new ImageValidator(written, false).validate().findings()).as(ref).isEmpty();
            }
        }
        PeerTools.assumeInstalled("umoci", "skopeo");
        Fixtures.umoci(dir, "stat", "--image", out + ":app");
        JsonNode inspect = JSON.readTree(Fixtures.skopeo(dir, "inspect", "docker-archive:" + out.resolveSibling("out.tar")).stdout());
        assertThat(inspect.path("Layers")).hasSize(3);
        assertThat(JSON.readTree(Fixtures.skopeo(dir, "inspect", "--raw", "docker-archive:" + out.resolveSibling("out.tar"))
                .stdout()).path("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    }

    @Test
    void replaceLayersKeepsTheConfigButNotTheLayersOrHistory() throws IOException {
        Image base = Mutate.withConfig(Mutate.append(Mutate.empty(AMD64),
                List.of(Addendum.of(spooled("old", "old"), null, "old step", null))), c -> c.with("config").put("User", "42"));
        Layer only = spooled("new", "new");

        Image replaced = Mutate.replaceLayers(base, List.of(Addendum.of(only, null, "flattened", null)));

        assertThat(replaced.layers()).containsExactly(only);
        assertThat(replaced.config().diffIds()).containsExactly(only.diffId());
        assertThat(replaced.config().history()).singleElement().satisfies(h -> assertThat(h.createdBy()).isEqualTo("flattened"));
        assertThat(JSON.readTree(replaced.rawConfig()).path("config").path("User").asText()).isEqualTo("42");
        write(replaced, "oci:" + dir.resolve("replaced") + ":r");
        try (ImageSource source = open("oci:" + dir.resolve("replaced") + ":r")) {
            assertThat(new ImageValidator(source, false).validate().findings()).isEmpty();
        }
    }

    @Test
    void annotationsAreKeptThroughLaterEdits() throws IOException {
        Image annotated = Mutate.withAnnotations(Mutate.empty(AMD64), Map.of("org.example", "yes"));
        Image later = Mutate.withConfig(annotated, c -> c.put("author", "me"));

        assertThat(later.manifest().annotations()).containsEntry("org.example", "yes");
    }

    @Test
    void rebaseMovesTheTopLayersOntoTheNewBase() throws IOException {
        Layer a = spooled("a", "old base");
        Layer b = spooled("b", "new base");
        Layer c = spooled("c", "app");
        Image oldBase = Mutate.append(Mutate.empty(AMD64), List.of(Addendum.of(a, null, "old base", null)));
        Image newBase = Mutate.append(Mutate.empty(new Platform("linux", "arm64", "v8")),
                List.of(Addendum.of(b, null, "new base", null)));
        Image app = Mutate.withConfig(Mutate.append(oldBase, List.of(Addendum.of(c, null, "app", null),
                Addendum.configOnly(null, "ENV X=1"))), config -> config.put("x-app", "kept"));

        Image rebased = Mutate.rebase(app, oldBase, newBase);

        assertThat(rebased.layers()).extracting(Layer::digest).containsExactly(b.digest(), c.digest());
        assertThat(rebased.config().diffIds()).containsExactly(b.diffId(), c.diffId());
        assertThat(rebased.config().history()).extracting(h -> h.createdBy()).containsExactly("new base", "app", "ENV X=1");
        assertThat(rebased.config().architecture()).isEqualTo("arm64");
        assertThat(JSON.readTree(rebased.rawConfig()).path("x-app").asText()).isEqualTo("kept");
        assertThat(JSON.readTree(rebased.rawConfig()).path("variant").asText()).isEqualTo("v8");
        write(rebased, "oci:" + dir.resolve("rebased") + ":r");
        try (ImageSource source = open("oci:" + dir.resolve("rebased") + ":r")) {
            assertThat(new ImageValidator(source, false).validate().findings()).isEmpty();
        }
    }

    @Test
    void rebaseRefusesAnImageNotBuiltOnTheOldBase() throws IOException {
        Image oldBase = Mutate.append(Mutate.empty(AMD64), spooled("a", "one"));
        Image other = Mutate.append(Mutate.empty(AMD64), spooled("a", "two"));
        Image app = Mutate.append(other, spooled("c", "app"));

        assertThatThrownBy(() -> Mutate.rebase(app, oldBase, Mutate.empty(AMD64)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not based on")
                .hasMessageContaining(oldBase.layers().getFirst().digest().toString());
    }

    @Test
    void indexOfImageValuesIsWrittenWithItsChildrenAndConvertedForDockerTargets() throws IOException {
        CountingLayer layer = new CountingLayer(spooled("arm", "arm64 only"));
        Image amd64 = Mutate.empty(AMD64);
        Image arm64 = Mutate.append(Mutate.empty(new Platform("linux", "arm64", "v8")), layer);
        Index index = Mutate.index(List.of(new Mutate.IndexEntry(amd64, AMD64),
                new Mutate.IndexEntry(arm64, new Platform("linux", "arm64", "v8"))));
        assertThat(layer.asked).hasValue(0);

        Path layout = dir.resolve("index");
        write(index, "oci:" + layout + ":i", null);
        Path docker = dir.resolve("index-docker");
        write(index, "oci:" + docker + ":i", ManifestFormat.DOCKER);

        try (ImageSource source = open("oci:" + layout + ":i")) {
            assertThat(new ImageValidator(source, false).validate().findings()).isEmpty();
            assertThat(source.root().mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
            Index read = (Index) Images.open(source);
            assertThat(read.manifest().manifests()).extracting(d -> d.digest())
                    .containsExactly(amd64.descriptor().digest(), arm64.descriptor().digest());
            assertThat(read.manifest().manifests().get(1).platform().variant()).isEqualTo("v8");
        }
        try (ImageSource source = open("oci:" + docker + ":i")) {
            assertThat(new ImageValidator(source, false).validate().findings()).isEmpty();
            assertThat(source.root().mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
            Index read = (Index) Images.open(source);
            assertThat(read.manifest().manifests()).extracting(Descriptor::mediaType).containsOnly(MediaTypes.DOCKER_MANIFEST);
        }
        PeerTools.assumeInstalled("skopeo");
        JsonNode raw = JSON.readTree(Fixtures.skopeo(dir, "inspect", "--raw", "oci:" + layout + ":i").stdout());
        assertThat(raw.path("manifests")).hasSize(2);
        JsonNode arm = JSON.readTree(Fixtures.skopeo(dir, "inspect", "--override-arch", "arm64", "--override-variant", "v8",
                "oci:" + layout + ":i").stdout());
        assertThat(arm.path("Layers")).hasSize(1);
    }

    private Layer spooled(String name, String content) throws IOException {
        return Layers.fromStream(new ByteArrayInputStream(tar(name, content)), dir.resolve("spool"));
    }

    private static Descriptor write(Image image, String ref) throws IOException {
        return write(image, ref, null);
    }

    private static Descriptor write(Artifact artifact, String ref, ManifestFormat format)
            throws IOException {
        try (ImageTarget target = Transports.openTarget(TransportRef.parse(ref), format)) {
            return ImageWriter.write(artifact, target);
        }
    }

    private static ImageSource open(String ref) throws IOException {
        return Transports.openSource(TransportRef.parse(ref));
    }

    static byte[] tar(String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(bytes.length);
            entry.setModTime(0);
            tar.putArchiveEntry(entry);
            tar.write(bytes);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }

    /** A layer that counts every question about its digests or bytes. */
    private static final class CountingLayer implements Layer {
        private final Layer inner;
        final AtomicInteger asked = new AtomicInteger();

        CountingLayer(Layer inner) {
            this.inner = inner;
        }

        @Override
        public Descriptor descriptor() throws IOException {
            asked.incrementAndGet();
            return inner.descriptor();
        }

        @Override
        public Digest diffId() throws IOException {
            asked.incrementAndGet();
            return inner.diffId();
        }

        @Override
        public InputStream openCompressed() throws IOException {
            asked.incrementAndGet();
            return inner.openCompressed();
        }

        @Override
        public InputStream openUncompressed() throws IOException {
            asked.incrementAndGet();
            return inner.openUncompressed();
        }
    }

    @Test
    void historyAppendedToABaseWithoutHistoryLinesUpWithTheNewLayer() throws IOException {
        Image base = Mutate.append(Mutate.empty(AMD64), spooled("base.txt", "no history for me"));
        Image appended = Mutate.append(base, List.of(Addendum.of(spooled("new.txt", "on top"),
                "2026-01-01T00:00:00Z", "the new step", null)));

        JsonNode history = JSON.readTree(appended.rawConfig()).path("history");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).has("created_by")).isFalse();
        assertThat(history.get(1).path("created_by").asText()).isEqualTo("the new step");
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
