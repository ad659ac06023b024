package dev.gantry.copy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.digest.Digest;
import dev.gantry.error.UnsupportedFormatException;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.Index;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.MediaTypes;
import dev.gantry.oci.Platform;
import dev.gantry.testing.Fixtures;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.transport.layout.OciLayout;
import dev.gantry.validate.ImageValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Copying multi-platform indexes: one platform out of them, or all of them, converting Docker lists for OCI targets. */
class IndexCopyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Path ociIndex;
    static Path dockerList;

    @BeforeAll
    static void buildFixtures() {
        Path layout = Fixtures.umociLayout(shared);
        ociIndex = Fixtures.multiPlatformLayout(shared, layout, false);
        dockerList = Fixtures.multiPlatformLayout(shared, layout, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux/arm64", "linux/arm64/v8", "linux/amd64"})
    void copiesOnePlatformOutOfAnIndex(String platform, @TempDir Path out) throws IOException {
        String target = "oci:" + out.resolve("one") + ":one";
        Descriptor written = copy(source(ociIndex), target, options(false, Platform.parse(platform)));

        try (ImageSource src = open(target)) {
            Image image = (Image) Images.open(src);
            assertThat(src.root().digest()).isEqualTo(written.digest());
            assertThat(image.config().architecture()).isEqualTo(Platform.parse(platform).architecture());
        }
        Fixtures.umoci(out, "stat", "--image", out.resolve("one") + ":one");
        byte[] raw = Fixtures.skopeo(out, "inspect", "--raw", target).stdout().getBytes(StandardCharsets.UTF_8);
        assertThat(Fixtures.sha256(raw)).isEqualTo(written.digest().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci", "oci-archive"})
    void copiesAWholeIndexByteForByte(String kind, @TempDir Path out) throws IOException {
        String target = kind.equals("oci") ? "oci:" + out.resolve("all") + ":all" : "oci-archive:" + out.resolve("all.tar") + ":all";
        Descriptor written = copy(source(ociIndex), target, options(true, null));

        Digest original;
        try (ImageSource src = open(source(ociIndex))) {
            original = src.root().digest();
        }
        assertThat(written.digest()).isEqualTo(original);
        assertThat(written.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        byte[] raw = Fixtures.skopeo(out, "inspect", "--raw", target).stdout().getBytes(StandardCharsets.UTF_8);
        assertThat(Fixtures.sha256(raw)).isEqualTo(original.toString());
        try (ImageSource src = open(target)) {
            assertThat(new ImageValidator(src, false).validate().findings()).isEmpty();
        }
        Fixtures.skopeo(out, "copy", "--all", target, "oci:" + out.resolve("skopeo-out") + ":all");
        Fixtures.skopeo(out, "copy", "--override-arch", "arm64", target, "oci:" + out.resolve("skopeo-arm") + ":arm");
        Fixtures.umoci(out, "stat", "--image", out.resolve("skopeo-arm") + ":arm");
    }

    @Test
    void convertsADockerManifestListAndItsChildrenForAnOciTarget(@TempDir Path out) throws IOException {
        Path dest = out.resolve("converted");
        String target = "oci:" + dest + ":conv";
        Descriptor written = copy(source(dockerList), target, options(true, null));

        assertThat(written.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        JsonNode index = JSON.readTree(Files.readAllBytes(dest.resolve(OciLayout.blobPath(written.digest()))));
        assertThat(index.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(index.path("manifests")).hasSize(2).allSatisfy(child -> {
            assertThat(child.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
            Path blob = dest.resolve(OciLayout.blobPath(Digest.parse(child.path("digest").asText())));
            assertThat(blob).exists();
            assertThat(Files.size(blob)).isEqualTo(child.path("size").asLong());
            assertThat(Fixtures.sha256(blob)).isEqualTo(child.path("digest").asText());
        });
        assertThat(index.path("manifests").get(1).path("platform").path("variant").asText()).isEqualTo("v8");

        try (ImageSource src = open(target)) {
            Index copied = (Index) Images.open(src);
            for (Descriptor child : copied.manifest().manifests()) {
                Image image = (Image) copied.child(child);
                assertThat(image.configDescriptor().mediaType()).isEqualTo(MediaTypes.OCI_CONFIG);
                assertThat(image.layers()).allSatisfy(l -> assertThat(l.mediaType()).isEqualTo(MediaTypes.OCI_LAYER_GZIP));
            }
            assertThat(new ImageValidator(src, false).validate().findings()).isEmpty();
        }
        Fixtures.skopeo(out, "copy", "--all", target, "oci:" + out.resolve("skopeo-out") + ":all");
    }

    @Test
    void dockerArchiveRefusesAWholeIndexAndLeavesNoFile(@TempDir Path out) throws IOException {
        Path archive = out.resolve("d.tar");
        assertThatThrownBy(() -> copy(source(ociIndex), "docker-archive:" + archive + ":gantry/multi:v1", options(true, null)))
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessageContaining("--platform");
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void dockerArchiveTakesOnePlatformOfAnIndex(@TempDir Path out) throws IOException {
        String target = "docker-archive:" + out.resolve("d.tar") + ":gantry/multi:arm";
        copy(source(ociIndex), target, options(false, Platform.parse("linux/arm64")));
        JsonNode inspect = JSON.readTree(Fixtures.skopeo(out, "inspect", target).stdout());
        assertThat(inspect.path("Architecture").asText()).isEqualTo("arm64");
        try (ImageSource src = open(target)) {
            assertThat(new ImageValidator(src, false).validate().findings()).isEmpty();
        }
    }

    // ---- helpers

    static String source(Path layout) {
        return "oci:" + layout + ":" + Fixtures.MULTI_TAG;
    }

    static CopyOptions options(boolean all, Platform platform) {
        return new CopyOptions(all, platform, null, 3, CopyListener.NONE);
    }

    static Descriptor copy(String from, String to, CopyOptions options) throws IOException {
        try (ImageSource src = open(from); ImageTarget dst = Transports.openTarget(TransportRef.parse(to), null)) {
            return new ImageCopier(src, dst, options).copy();
        }
    }

    static ImageSource open(String ref) throws IOException {
        return Transports.openSource(TransportRef.parse(ref));
    }
}
