package dev.gantry.transport.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.digest.Digest;
import dev.gantry.error.NotFoundException;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.Layer;
import dev.gantry.oci.MediaTypes;
import dev.gantry.testing.Fixtures;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TagLister;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Gantry reads OCI layouts written by umoci (oci:) and oci-archives written by skopeo (oci-archive:). */
class LayoutSourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path layout;
    static Path ociArchive;

    @BeforeAll
    static void buildFixtures() {
        layout = Fixtures.umociLayout(dir);
        ociArchive = Fixtures.ociArchive(dir, layout);
    }

    @Test
    void rootDigestIsUmocisIndexEntryAndSkopeosRawManifestDigest() throws IOException {
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        String umociDigest = index.path("manifests").get(0).path("digest").asText();
        byte[] skopeoRaw = Fixtures.skopeo(dir, "inspect", "--raw", "oci:" + layout + ":" + Fixtures.TAG)
                .stdout().getBytes(StandardCharsets.UTF_8);

        try (ImageSource source = open("oci:" + layout + ":" + Fixtures.TAG)) {
            assertThat(source.root().digest()).hasToString(umociDigest);
            assertThat(source.root().digest()).hasToString(Fixtures.sha256(skopeoRaw));
            assertThat(source.root().mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
            Image image = (Image) Images.open(source);
            assertThat(image.rawManifest()).isEqualTo(skopeoRaw);
            assertThat(((TagLister) source).tags()).containsExactly(Fixtures.TAG);
        }
    }

    @Test
    void readsUmociLayoutWithWhiteouts() throws IOException {
        try (ImageSource source = open("oci:" + layout + ":" + Fixtures.TAG)) {
            Image image = (Image) Images.open(source);
            assertThat(image.config().config().entrypoint()).isEqualTo(Fixtures.ENTRYPOINT);
            assertThat(image.config().config().env()).contains(Fixtures.ENV);
            assertThat(image.config().os()).isEqualTo("linux");
            List<Layer> layers = image.layers();
            assertThat(layers).hasSize(2);
            assertThat(layers).allSatisfy(l -> assertThat(l.mediaType()).isEqualTo(MediaTypes.OCI_LAYER_GZIP));

            List<String> first;
            try (InputStream in = layers.get(0).openUncompressed()) {
                first = strip(Fixtures.tarEntryNames(in));
            }
            assertThat(first).contains("etc/hello.txt", "etc/bye.txt", "data/sub/x");
            List<String> second;
            try (InputStream in = layers.get(1).openUncompressed()) {
                second = strip(Fixtures.tarEntryNames(in));
            }
            assertThat(second).contains(".wh.data", "etc/.wh.bye.txt", "etc/new.txt")
                    .doesNotContain("etc/hello.txt");
        }
    }

    @Test
    void layerDigestsMatchSkopeoAndDiffIdsVerify() throws IOException {
        JsonNode inspect = JSON.readTree(Fixtures.skopeo(dir, "inspect", "oci:" + layout + ":" + Fixtures.TAG).stdout());
        List<String> skopeoLayers = new ArrayList<>();
        inspect.path("Layers").forEach(n -> skopeoLayers.add(n.asText()));

        try (ImageSource source = open("oci:" + layout + ":" + Fixtures.TAG)) {
            Image image = (Image) Images.open(source);
            assertThat(image.layers()).extracting(l -> l.digest().toString()).isEqualTo(skopeoLayers);
            assertThat(Fixtures.sha256(image.rawConfig())).isEqualTo(image.configDescriptor().digest().toString());
            for (Layer layer : image.layers()) {
                try (InputStream in = layer.openCompressed()) {
                    assertThat(Fixtures.sha256(in)).isEqualTo(layer.digest().toString());
                }
                try (InputStream in = layer.openUncompressed()) {
                    assertThat(Fixtures.sha256(in)).isEqualTo(layer.diffId().toString());
                }
                // The stored blob umoci wrote is exactly what Gantry reads.
                Path blob = layout.resolve(OciLayout.blobPath(layer.digest()));
                assertThat(Fixtures.sha256(blob)).isEqualTo(layer.digest().toString());
            }
        }
    }

    @Test
    void readsSkopeoOciArchive() throws IOException {
        String ref = "oci-archive:" + ociArchive + ":" + Fixtures.TAG;
        byte[] skopeoRaw = Fixtures.skopeo(dir, "inspect", "--raw", ref).stdout().getBytes(StandardCharsets.UTF_8);
        try (ImageSource source = open(ref); ImageSource fromLayout = open("oci:" + layout + ":" + Fixtures.TAG)) {
            assertThat(source.root().digest()).hasToString(Fixtures.sha256(skopeoRaw));
            Image image = (Image) Images.open(source);
            Image original = (Image) Images.open(fromLayout);
            // skopeo keeps the layer bytes it copies from a layout, so the digests are umoci's.
            assertThat(image.layers()).extracting(Layer::digest)
                    .isEqualTo(digests(original.layers()));
            for (Layer layer : image.layers()) {
                try (InputStream in = layer.openUncompressed()) {
                    assertThat(Fixtures.sha256(in)).isEqualTo(layer.diffId().toString());
                }
            }
            assertThat(image.config().config().entrypoint()).isEqualTo(Fixtures.ENTRYPOINT);
        }
    }

    @Test
    void resolvesTheOnlyImageWithoutTagAndByDigest() throws IOException {
        Digest tagged;
        try (ImageSource source = open("oci:" + layout + ":" + Fixtures.TAG)) {
            tagged = source.root().digest();
        }
        try (ImageSource source = open("oci:" + layout)) {
            assertThat(source.root().digest()).isEqualTo(tagged);
        }
        try (ImageSource source = open("oci:" + layout + ":" + tagged)) {
            assertThat(source.root().digest()).isEqualTo(tagged);
        }
    }

    @Test
    void unknownTagNamesTheTagsTheLayoutHas() {
        assertThatThrownBy(() -> {
            try (ImageSource source = open("oci:" + layout + ":nope")) {
                source.root();
            }
        })
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("'nope'")
                .hasMessageContaining(layout.toString())
                .hasMessageContaining("it has: " + Fixtures.TAG);
    }

    @Test
    void missingLayoutDirectoryIsNamed() {
        Path missing = dir.resolve("no-such-layout");
        assertThatThrownBy(() -> open("oci:" + missing + ":" + Fixtures.TAG))
                .isInstanceOf(dev.gantry.error.GantryException.class)
                .hasMessageContaining(missing.toString());
        assertThat(Files.exists(missing)).as("reading must not create the directory").isFalse();
    }

    static ImageSource open(String ref) throws IOException {
        return Transports.openSource(TransportRef.parse(ref));
    }

    /** Tar names without their "./" prefix (umoci writes plain names; others write "./"). */
    static List<String> strip(List<String> names) {
        return names.stream().map(n -> n.startsWith("./") ? n.substring(2) : n).toList();
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
