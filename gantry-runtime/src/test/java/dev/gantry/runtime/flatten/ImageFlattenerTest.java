package dev.gantry.runtime.flatten;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.digest.Digest;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.oci.Json;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.runtime.apply.ImageUnpacker;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.testing.TarBuilder;
import dev.gantry.runtime.testing.TestImages;
import dev.gantry.runtime.testing.TreeListing;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

import static dev.gantry.runtime.testing.TestImages.gzip;
import static org.assertj.core.api.Assertions.assertThat;

class ImageFlattenerTest {
    @TempDir
    Path work;

    private Path source() {
        return TestImages.layout(work.resolve("source"), List.of(
                gzip(new TarBuilder().dir("etc").file("etc/a", "a").file("etc/b", "b").dir("bin")
                        .file("bin/tool", "t".getBytes(), 0755).build()),
                gzip(new TarBuilder().whiteout("etc", "b").hardlink("bin/tool2", "bin/tool").build()),
                gzip(new TarBuilder().dir("etc").opaque("etc").file("etc/c", "c").build())), config -> {
                    var run = (com.fasterxml.jackson.databind.node.ObjectNode) config.get("config");
                    run.putArray("Entrypoint").add("/bin/tool");
                    run.putArray("Env").add("A=1");
                    config.put("x-unknown-extension", "kept");
                });
    }

    private ImageFlattener.Result flatten(Path source, String destination) throws Exception {
        try (ImageSource src = Transports.openSource(TransportRef.parse(TestImages.ref(source)));
             ImageTarget target = Transports.openTarget(TransportRef.parse(destination), null)) {
            return new ImageFlattener(ExpansionLimits.defaults(), new Warnings(null))
                    .flatten((Image) Images.open(src), target, work.resolve("tmp"));
        }
    }

    private Path unpack(String ref, Path dir) throws Exception {
        try (ImageSource src = Transports.openSource(TransportRef.parse(ref))) {
            new ImageUnpacker(ExpansionLimits.defaults(), new Warnings(null)).unpack((Image) Images.open(src), dir);
        }
        return dir;
    }

    @Test
    void oneLayerHoldsTheMergedFilesystemAndTheConfigKeepsEverythingElse() throws Exception {
        Path source = source();
        Digest sourceDigest;
        try (TestImages.Opened opened = TestImages.open(source)) {
            sourceDigest = opened.image().descriptor().digest();
        }
        flatten(source, "oci:" + work.resolve("flat") + ":flat");
        try (ImageSource src = Transports.openSource(TransportRef.parse("oci:" + work.resolve("flat") + ":flat"))) {
            Image flat = (Image) Images.open(src);
            assertThat(flat.layers()).hasSize(1);
            try (InputStream in = flat.layers().get(0).openUncompressed()) {
                assertThat(Fixtures.sha256(in)).isEqualTo(flat.config().diffIds().get(0).toString());
            }
            JsonNode config = Json.mapper().readTree(flat.rawConfig());
            assertThat(config.at("/config/Entrypoint/0").asText()).isEqualTo("/bin/tool");
            assertThat(config.at("/config/Env/0").asText()).isEqualTo("A=1");
            assertThat(config.at("/x-unknown-extension").asText()).isEqualTo("kept");
            assertThat(config.at("/history")).hasSize(1);
            assertThat(config.at("/history/0/comment").asText()).contains(sourceDigest.toString()).contains("3 layer(s)");
            assertThat(config.at("/history/0/created").asText()).isEqualTo("2024-01-02T03:04:05Z");
        }
        Path original = unpack(TestImages.ref(source), work.resolve("original"));
        Path flattened = unpack("oci:" + work.resolve("flat") + ":flat", work.resolve("flattened"));
        assertThat(TreeListing.describe(flattened)).containsExactlyEntriesOf(TreeListing.describe(original));
        assertThat(work.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void flatteningIsDeterministic() throws Exception {
        Path source = source();
        ImageFlattener.Result a = flatten(source, "oci:" + work.resolve("one") + ":x");
        ImageFlattener.Result b = flatten(source, "oci:" + work.resolve("two") + ":x");
        assertThat(a.manifest().digest()).isEqualTo(b.manifest().digest());
    }

    @Test
    void umociAndSkopeoReadTheFlattenedImage() throws Exception {
        PeerTools.assumeInstalled("umoci", "skopeo");
        Path source = source();
        flatten(source, "oci:" + work.resolve("flat") + ":flat");
        Fixtures.umoci(work, "unpack", "--image", work.resolve("flat") + ":flat", work.resolve("umoci").toString());
        Path original = unpack(TestImages.ref(source), work.resolve("original"));
        assertThat(TreeListing.describe(work.resolve("umoci/rootfs"))).containsExactlyEntriesOf(TreeListing.describe(original));
        flatten(source, "docker-archive:" + work.resolve("flat.tar") + ":flat/image:1");
        String inspected = Fixtures.skopeo(work, "inspect", "docker-archive:" + work.resolve("flat.tar")).stdout();
        assertThat(Json.mapper().readTree(inspected).get("Layers")).hasSize(1);
    }
}
