package dev.gantry.runtime.layer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.copy.ImageWriter;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.mutate.Addendum;
import dev.gantry.image.mutate.Mutate;
import dev.gantry.oci.Json;
import dev.gantry.oci.MediaTypes;
import dev.gantry.oci.Platform;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.runtime.apply.ImageUnpacker;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.testing.TarBuilder;
import dev.gantry.runtime.testing.TestImages;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.validate.ImageValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.gantry.runtime.testing.TestImages.gzip;
import static org.assertj.core.api.Assertions.assertThat;

/** Layers written by {@link LayerWriter} are values that {@link Mutate} appends and {@link ImageWriter} stores. */
class WrittenLayerAppendTest {
    @TempDir
    Path work;

    private WrittenLayer layerOf(String file, String content, ManifestFormat format) throws IOException {
        Path dir = Files.createDirectories(work.resolve("content-" + file));
        Files.writeString(dir.resolve(file), content);
        return new LayerWriter(LayerCompression.defaults(), format).write(TarContent.directory(dir, new Warnings(null)),
                work.resolve("tmp"));
    }

    private static void assertValid(String ref) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(ref))) {
            assertThat(new ImageValidator(source, false).validate().findings()).isEmpty();
        }
    }

    @Test
    void appendsOnABaseKeepingItsLayersAndUnknownConfigFields() throws Exception {
        Path base = TestImages.layout(work.resolve("base"), List.of(
                gzip(new TarBuilder().dir("etc").file("etc/base", "from base").build())),
                config -> config.put("x-unknown-extension", "kept"));
        String out = "oci:" + work.resolve("out") + ":new";
        try (TestImages.Opened opened = TestImages.open(base);
             ImageTarget target = Transports.openTarget(TransportRef.parse(out), null)) {
            List<Addendum> steps = List.of(
                    Addendum.of(layerOf("added", "new", ManifestFormat.OCI), "1970-01-01T00:00:00Z", "COPY added /", null),
                    Addendum.configOnly("1970-01-01T00:00:00Z", "ENV A=1"));
            Image appended = Mutate.withConfig(Mutate.append(opened.image(), steps),
                    config -> ((ObjectNode) config.get("config")).putArray("Env").add("A=1"));
            ImageWriter.write(Mutate.withAnnotations(appended, Map.of("org.example", "x")), target);
        }
        assertValid(out);
        try (ImageSource source = Transports.openSource(TransportRef.parse(out))) {
            Image image = (Image) Images.open(source);
            assertThat(image.layers()).hasSize(2);
            assertThat(image.manifest().annotations()).containsEntry("org.example", "x");
            JsonNode config = Json.mapper().readTree(image.rawConfig());
            assertThat(config.at("/x-unknown-extension").asText()).isEqualTo("kept");
            assertThat(config.at("/config/Env/0").asText()).isEqualTo("A=1");
            assertThat(config.at("/history")).hasSize(3);
            assertThat(config.at("/history/1/created_by").asText()).isEqualTo("COPY added /");
            assertThat(config.at("/history/2/empty_layer").asBoolean()).isTrue();
            Path rootfs = work.resolve("rootfs");
            new ImageUnpacker(ExpansionLimits.defaults(), new Warnings(null)).unpack(image, rootfs);
            assertThat(rootfs.resolve("etc/base")).hasContent("from base");
            assertThat(rootfs.resolve("added")).hasContent("new");
        }
    }

    @Test
    void scratchImageInDockerFormatIsReadBySkopeoWithItsPlatform() throws Exception {
        PeerTools.assumeInstalled("skopeo");
        String out = "docker-archive:" + work.resolve("out.tar") + ":gantry/scratch:1";
        try (ImageTarget target = Transports.openTarget(TransportRef.parse(out), ManifestFormat.DOCKER)) {
            ImageWriter.write(Mutate.append(Mutate.empty(Platform.parse("linux/arm64/v8")),
                    List.of(Addendum.of(layerOf("only", "file", ManifestFormat.DOCKER), null, "COPY only /", null))), target);
        }
        assertValid(out);
        JsonNode inspected = Json.mapper().readTree(Fixtures.skopeo(work, "inspect", out).stdout());
        assertThat(inspected.get("Architecture").asText()).isEqualTo("arm64");
        JsonNode config = Json.mapper().readTree(Fixtures.skopeo(work, "inspect", "--config", out).stdout());
        assertThat(config.get("variant").asText()).isEqualTo("v8");
        assertThat(inspected.get("Layers")).hasSize(1);
        JsonNode raw = Json.mapper().readTree(Fixtures.skopeo(work, "inspect", "--raw", out).stdout());
        assertThat(raw.get("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    }
}
