package dev.gantry.transport.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.error.NotFoundException;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.Layer;
import dev.gantry.oci.MediaTypes;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TagLister;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.validate.ImageValidator;
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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Gantry reads docker-archives written by skopeo and by hand (tar + a manifest.json). */
class DockerArchiveSourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path layout;
    static Path archive;

    @BeforeAll
    static void buildFixtures() {
        layout = Fixtures.umociLayout(dir);
        archive = Fixtures.dockerArchive(dir, layout);
    }

    @Test
    void readsSkopeoDockerArchiveWithSkopeosConfigAndLayerDigests() throws IOException {
        String ref = "docker-archive:" + archive;
        JsonNode skopeo = JSON.readTree(Fixtures.skopeo(dir, "inspect", "--raw", ref).stdout());
        List<String> skopeoLayers = new ArrayList<>();
        skopeo.path("layers").forEach(l -> skopeoLayers.add(l.path("digest").asText()));

        try (ImageSource source = open(ref)) {
            Image image = (Image) Images.open(source);
            assertThat(image.configDescriptor().digest()).hasToString(skopeo.path("config").path("digest").asText());
            assertThat(image.configDescriptor().size()).isEqualTo(skopeo.path("config").path("size").asLong());
            // skopeo's docker-archive layers are uncompressed tars named by their diff_ids.
            assertThat(image.layers()).extracting(l -> l.digest().toString()).isEqualTo(skopeoLayers);
            assertThat(image.layers()).extracting(Layer::digest).isEqualTo(image.config().diffIds());
            // ...and skopeo labels them gzip; Gantry says what the bytes are.
            assertThat(image.layers()).allSatisfy(l -> assertThat(l.mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER));
            for (Layer layer : image.layers()) {
                try (InputStream in = layer.openUncompressed()) {
                    assertThat(Fixtures.sha256(in)).isEqualTo(layer.diffId().toString());
                }
            }
            try (InputStream in = image.layers().get(1).openUncompressed()) {
                assertThat(Fixtures.tarEntryNames(in)).contains(".wh.data", "etc/.wh.bye.txt", "etc/new.txt");
            }
            assertThat(image.config().config().entrypoint()).isEqualTo(Fixtures.ENTRYPOINT);
            // skopeo writes RepoTags fully qualified, unlike `docker save`.
            assertThat(((TagLister) source).tags()).containsExactly("docker.io/" + Fixtures.DOCKER_NAME);
        }
    }

    @Test
    void readsAGzippedDockerArchiveLikeTheUncompressedOne(@TempDir Path tmp) throws IOException {
        // `docker save img | gzip > img.tar.gz` is how archives travel.
        PeerTools.assumeInstalled("gzip");
        Files.copy(archive, tmp.resolve("X.tar"));
        PeerTools.run(tmp, "gzip", "X.tar");
        Path gz = tmp.resolve("X.tar.gz");
        String plain;
        try (ImageSource source = open("docker-archive:" + archive)) {
            plain = source.root().digest().toString();
        }
        try (ImageSource source = open("docker-archive:" + gz)) {
            assertThat(source.root().digest()).hasToString(plain);
            assertThat(new ImageValidator(source, false).validate().findings()).isEmpty();
        }
    }

    @Test
    void selectsTheImageByNameTagOrIndex() throws IOException {
        String byName;
        try (ImageSource source = open("docker-archive:" + archive + ":" + Fixtures.DOCKER_NAME)) {
            byName = source.root().digest().toString();
        }
        try (ImageSource source = open("docker-archive:" + archive + ":@0")) {
            assertThat(source.root().digest()).hasToString(byName);
        }
        try (ImageSource source = open("docker-archive:" + archive)) {
            assertThat(source.root().digest()).hasToString(byName);
        }
        assertThatThrownBy(() -> {
            try (ImageSource source = open("docker-archive:" + archive + ":other/name:v2")) {
                source.root();
            }
        }).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("other/name:v2")
                .hasMessageContaining(Fixtures.DOCKER_NAME);
    }

    @Test
    void readsHandMadeArchiveWhoseLayerTarIsGzipped() throws IOException {
        Path handMade = Fixtures.handMadeArchive(dir, true);
        Path layerFile = dir.resolve("hand-right/base/layer.tar");
        try (ImageSource source = open("docker-archive:" + handMade + ":" + Fixtures.HAND_MADE_NAME)) {
            Image image = (Image) Images.open(source);
            assertThat(image.config().config()).isNull();
            assertThat(image.layers()).hasSize(1);
            Layer layer = image.layers().get(0);
            assertThat(layer.mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP);
            assertThat(layer.digest()).hasToString(Fixtures.sha256(layerFile));
            assertThat(layer.size()).isEqualTo(Files.size(layerFile));
            assertThat(layer.diffId()).hasToString(Fixtures.sha256Uncompressed(layerFile));
            assertThat(source.locate(layer.descriptor())).isEqualTo("base/layer.tar");
            try (InputStream in = layer.openUncompressed()) {
                assertThat(new String(Fixtures.tarEntry(in, "hello.txt"), StandardCharsets.UTF_8)).isEqualTo(Fixtures.HELLO);
            }
            assertThat(((TagLister) source).tags()).containsExactly(Fixtures.HAND_MADE_NAME);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void readsArchiveWhoseRepeatedLayerIsALink(boolean symbolic, @TempDir Path tmp) throws IOException {
        // `docker save` stores a layer it already wrote as a symlink "../ID/layer.tar"; tar
        // stores a second name of the same file as a hard link.
        Path folder = Fixtures.handMadeFolder(tmp, true);
        Files.createDirectories(folder.resolve("dup"));
        if (symbolic) {
            Files.createSymbolicLink(folder.resolve("dup/layer.tar"), Path.of("../base/layer.tar"));
        } else {
            Files.createLink(folder.resolve("dup/layer.tar"), folder.resolve("base/layer.tar"));
        }
        String diffId = Fixtures.sha256Uncompressed(folder.resolve("base/layer.tar"));
        Files.writeString(folder.resolve("config.json"), """
                {"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["%s","%s"]}}"""
                .formatted(diffId, diffId));
        Fixtures.writeManifestJson(folder, "config.json", "base/layer.tar", "dup/layer.tar");
        Path archive = Fixtures.tarFolder(folder, tmp.resolve("linked.tar"));
        assertThat(PeerTools.stdout(tmp, "tar", "-tvf", archive.toString())).contains(symbolic ? "->" : "link to");

        try (ImageSource source = open("docker-archive:" + archive)) {
            Image image = (Image) Images.open(source);
            assertThat(image.layers()).hasSize(2);
            for (Layer layer : image.layers()) {
                assertThat(layer.size()).isEqualTo(Files.size(folder.resolve("base/layer.tar")));
                try (InputStream in = layer.openUncompressed()) {
                    assertThat(new String(Fixtures.tarEntry(in, "hello.txt"), StandardCharsets.UTF_8)).isEqualTo(Fixtures.HELLO);
                }
            }
            assertThat(new ImageValidator(source, false).validate().findings()).isEmpty();
        }
    }

    @Test
    void archiveWithSeveralImagesNeedsASelectorAndListsWhatItHas(@TempDir Path tmp) throws IOException {
        Path folder = Fixtures.handMadeFolder(tmp, true);
        Files.writeString(folder.resolve("manifest.json"), """
                [{"Config":"config.json","RepoTags":["hello:latest"],"Layers":["base/layer.tar"]},
                 {"Config":"config.json","RepoTags":["hello:v2","example.com/other:1"],"Layers":["base/layer.tar"]},
                 {"Config":"config.json","Layers":["base/layer.tar"]}]""");
        Path archive = Fixtures.tarFolder(folder, tmp.resolve("multi.tar"));

        try (ImageSource source = open("docker-archive:" + archive)) {
            assertThat(((TagLister) source).tags()).containsExactly("hello:latest", "hello:v2", "example.com/other:1", "@2");
            assertThatThrownBy(source::root).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("3 images").hasMessageContaining("hello:v2");
        }
        String digest;
        try (ImageSource source = open("docker-archive:" + archive + ":example.com/other:1")) {
            digest = source.root().digest().toString();
        }
        for (String selector : List.of("hello:v2", "docker.io/library/hello:latest", "@0", "@2")) {
            try (ImageSource source = open("docker-archive:" + archive + ":" + selector)) {
                assertThat(source.root().digest()).as(selector).hasToString(digest);
            }
        }
        assertThatThrownBy(() -> open("docker-archive:" + archive + ":@3").root())
                .isInstanceOf(NotFoundException.class).hasMessageContaining("@3");
    }

    static ImageSource open(String ref) throws IOException {
        return Transports.openSource(TransportRef.parse(ref));
    }
}
