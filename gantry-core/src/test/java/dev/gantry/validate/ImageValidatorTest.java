package dev.gantry.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.digest.Digest;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.testing.Fixtures;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.transport.layout.OciLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Validation of images the peers made, and of the mistakes people make and the damage storage does. */
class ImageValidatorTest {
    @TempDir
    static Path shared;
    static Path layout;
    static Path dockerArchive;
    static Path ociArchive;

    @BeforeAll
    static void buildFixtures() {
        layout = Fixtures.umociLayout(shared);
        dockerArchive = Fixtures.dockerArchive(shared, layout);
        ociArchive = Fixtures.ociArchive(shared, layout);
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci", "docker-archive", "oci-archive"})
    void peerMadeFixturesValidateClean(String kind) throws IOException {
        String ref = switch (kind) {
            case "oci" -> "oci:" + layout + ":" + Fixtures.TAG;
            case "docker-archive" -> "docker-archive:" + dockerArchive;
            default -> "oci-archive:" + ociArchive + ":" + Fixtures.TAG;
        };
        ValidationReport report = validate(ref);
        assertThat(report.findings()).isEmpty();
        assertThat(report.ok()).isTrue();
        assertThat(report.layers()).hasSize(2).allSatisfy(l -> {
            assertThat(l.actualDigest()).isEqualTo(l.digest());
            assertThat(l.actualDiffId()).isEqualTo(l.diffId());
            assertThat(l.entries()).isPositive();
        });
        assertThat(report.manifests()).isEqualTo(1);
        assertThat(report.blobs()).isEqualTo(3); // config and two layers
    }

    @Test
    void handMadeImageWithTheCompressedDigestAsDiffIdFailsNamingBothDigests(@TempDir Path dir) throws IOException {
        Path archive = Fixtures.handMadeArchive(dir, false);
        Path layerFile = dir.resolve("hand-wrong/base/layer.tar");
        String compressed = Fixtures.sha256(layerFile);
        String uncompressed = Fixtures.sha256Uncompressed(layerFile);

        ValidationReport report = validate("docker-archive:" + archive);

        assertThat(report.ok()).isFalse();
        List<Finding> errors = errors(report);
        assertThat(errors).hasSize(1);
        Finding finding = errors.get(0);
        assertThat(finding.subject()).contains("base/layer.tar");
        assertThat(finding.message())
                .contains(compressed)
                .contains(uncompressed)
                .contains("diff_id is the digest of the compressed blob");
    }

    @Test
    void handMadeImageWithTheRightDiffIdValidates(@TempDir Path dir) throws IOException {
        ValidationReport report = validate("docker-archive:" + Fixtures.handMadeArchive(dir, true));
        assertThat(report.findings()).isEmpty();
        assertThat(report.layers()).singleElement().satisfies(l -> assertThat(l.entries()).isEqualTo(1));
    }

    @Test
    void flippedByteInALayerBlobIsAnErrorNamingTheLayer(@TempDir Path dir) throws IOException {
        Path copy = copyLayout(dir);
        Digest layer = layerDigest(copy, 0);
        Path blob = copy.resolve(OciLayout.blobPath(layer));
        flipByte(blob, Files.size(blob) / 2);

        ValidationReport report = validate("oci:" + copy + ":" + Fixtures.TAG);

        assertThat(report.ok()).isFalse();
        assertThat(errors(report)).isNotEmpty().allSatisfy(f -> assertThat(f.subject()).contains(layer.toString()));
        assertThat(errors(report)).anySatisfy(f -> assertThat(f.message()).contains("content hashes to").contains(layer.toString()));
    }

    @Test
    void flippedByteInTheGzipTrailerIsStillAMismatch(@TempDir Path dir) throws IOException {
        Path copy = copyLayout(dir);
        Digest layer = layerDigest(copy, 1);
        Path blob = copy.resolve(OciLayout.blobPath(layer));
        // The last byte is part of ISIZE; gzip readers that stop early never look at it.
        flipByte(blob, Files.size(blob) - 1);

        ValidationReport report = validate("oci:" + copy + ":" + Fixtures.TAG);

        assertThat(report.ok()).isFalse();
        assertThat(errors(report)).anySatisfy(f -> {
            assertThat(f.subject()).contains(layer.toString());
            assertThat(f.message()).contains(layer.toString());
        });
    }

    @Test
    void missingBlobIsAnErrorNamingIt(@TempDir Path dir) throws IOException {
        Path copy = copyLayout(dir);
        Digest layer = layerDigest(copy, 1);
        Files.delete(copy.resolve(OciLayout.blobPath(layer)));

        ValidationReport report = validate("oci:" + copy + ":" + Fixtures.TAG);

        assertThat(report.ok()).isFalse();
        assertThat(errors(report)).singleElement().satisfies(f -> {
            assertThat(f.subject()).contains(layer.toString());
            assertThat(f.message()).contains(layer.toString()).contains("missing");
        });
    }

    @Test
    void missingConfigIsOneErrorNamingIt(@TempDir Path dir) throws IOException {
        Path copy = copyLayout(dir);
        Digest config;
        try (ImageSource source = open("oci:" + copy + ":" + Fixtures.TAG)) {
            config = ((Image) Images.open(source)).configDescriptor().digest();
        }
        Files.delete(copy.resolve(OciLayout.blobPath(config)));

        ValidationReport report = validate("oci:" + copy + ":" + Fixtures.TAG);

        assertThat(errors(report)).singleElement().satisfies(f -> {
            assertThat(f.subject()).contains(config.toString());
            assertThat(f.message()).contains("missing");
        });
    }

    @Test
    void truncatedGzipLayerIsAnError(@TempDir Path dir) throws IOException {
        Path copy = copyLayout(dir);
        Digest layer = layerDigest(copy, 0);
        Path blob = copy.resolve(OciLayout.blobPath(layer));
        try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }

        ValidationReport report = validate("oci:" + copy + ":" + Fixtures.TAG);

        assertThat(report.ok()).isFalse();
        assertThat(errors(report)).isNotEmpty().allSatisfy(f -> assertThat(f.subject()).contains(layer.toString()));
        assertThat(errors(report)).anySatisfy(f -> assertThat(f.message())
                .contains("size is " + (Files.size(blob)) + " bytes but the manifest says").contains("truncated"));
    }

    @Test
    void indexValidatesCleanAndAPlatformThatLiesIsAnError(@TempDir Path dir) throws IOException {
        Path multi = Fixtures.multiPlatformLayout(dir, layout, false);
        ValidationReport clean = validate("oci:" + multi + ":" + Fixtures.MULTI_TAG);
        assertThat(clean.findings()).isEmpty();
        assertThat(clean.manifests()).isEqualTo(3);
        assertThat(clean.layers()).hasSize(2); // shared by both images, checked once

        // Point the index's arm64 entry at the amd64 image.
        ObjectMapper json = new ObjectMapper();
        JsonNode top = json.readTree(multi.resolve("index.json").toFile());
        String indexDigest = top.path("manifests").get(0).path("digest").asText();
        ObjectNode index = (ObjectNode) json.readTree(Fixtures.blob(multi, indexDigest).toFile());
        String amd64 = index.path("manifests").get(0).path("digest").asText();
        ((ObjectNode) index.path("manifests").get(1)).put("digest", amd64)
                .put("size", index.path("manifests").get(0).path("size").asLong());
        byte[] raw = json.writeValueAsBytes(index);
        String lying = Fixtures.store(multi, raw);
        ObjectNode entry = (ObjectNode) top.path("manifests").get(0);
        entry.put("digest", lying).put("size", raw.length);
        json.writeValue(multi.resolve("index.json").toFile(), top);

        ValidationReport report = validate("oci:" + multi + ":" + Fixtures.MULTI_TAG);
        assertThat(errors(report)).singleElement().satisfies(f -> {
            assertThat(f.subject()).contains(amd64);
            assertThat(f.message()).contains("linux/arm64").contains("linux/amd64");
        });
    }

    @Test
    void fastModeChecksStoredDigestsOnly(@TempDir Path dir) throws IOException {
        Path archive = Fixtures.handMadeArchive(dir, false);
        try (ImageSource source = open("docker-archive:" + archive)) {
            ValidationReport report = new ImageValidator(source, true).validate();
            assertThat(report.findings()).isEmpty();
            assertThat(report.layers()).singleElement().satisfies(l -> assertThat(l.actualDiffId()).isNull());
        }
    }

    @Test
    void artifactBlobsAreCheckedByDigestWithoutImageRules(@TempDir Path dir) throws IOException {
        Path artifact = copyLayout(dir);
        String config = Fixtures.store(artifact, "{}".getBytes());
        byte[] payload = "not a tar, a signature".getBytes();
        String blob = Fixtures.store(artifact, payload);
        String manifest = Fixtures.store(artifact, ("""
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "artifactType":"application/vnd.example.sig",
                 "config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"%s","size":2},
                 "layers":[{"mediaType":"application/vnd.example.sig.v1","digest":"%s","size":%d}]}
                """).formatted(config, blob, payload.length).getBytes());
        long size = Files.size(Fixtures.blob(artifact, manifest));
        Files.writeString(artifact.resolve("index.json"), """
                {"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "digest":"%s","size":%d,"annotations":{"org.opencontainers.image.ref.name":"sig"}}]}
                """.formatted(manifest, size));

        assertThat(validate("oci:" + artifact + ":sig").findings()).isEmpty();

        flipByte(Fixtures.blob(artifact, blob), 3);
        assertThat(errors(validate("oci:" + artifact + ":sig"))).singleElement()
                .satisfies(f -> assertThat(f.toString()).contains(blob, "content hashes to"));
    }

    // ---- helpers

    static ValidationReport validate(String ref) throws IOException {
        try (ImageSource source = open(ref)) {
            return new ImageValidator(source, false).validate();
        }
    }

    static ImageSource open(String ref) throws IOException {
        return Transports.openSource(TransportRef.parse(ref));
    }

    static List<Finding> errors(ValidationReport report) {
        return report.findings().stream().filter(f -> f.severity() == Finding.Severity.ERROR).toList();
    }

    static Path copyLayout(Path dir) throws IOException {
        Path to = dir.resolve("layout");
        Fixtures.copyTree(layout, to);
        return to;
    }

    static Digest layerDigest(Path layoutDir, int index) throws IOException {
        try (ImageSource source = open("oci:" + layoutDir + ":" + Fixtures.TAG)) {
            return ((Image) Images.open(source)).layers().get(index).digest();
        }
    }

    static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x20);
        }
    }
}
