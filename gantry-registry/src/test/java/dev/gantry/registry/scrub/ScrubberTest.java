package dev.gantry.registry.scrub;

import dev.gantry.digest.Digest;
import dev.gantry.oci.MediaTypes;
import dev.gantry.registry.storage.FileSystemDriver;
import dev.gantry.registry.testing.Manifests;
import dev.gantry.registry.testing.TestRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store pushed over HTTP (an image with a 3 MiB layer, tagged; an index over it; a signature
 * whose subject is absent), then damaged on disk the ways disks and operators damage it.
 */
class ScrubberTest {
    static final String REPO = "scrub/app";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    byte[] layerBytes;
    Digest config;
    Digest layer;
    byte[] image;
    byte[] index;

    @BeforeEach
    void push() throws Exception {
        layerBytes = new byte[3 << 20];
        new Random(15).nextBytes(layerBytes);
        try (TestRegistry registry = new TestRegistry(dir)) {
            config = registry.pushBlob(REPO, utf8("{}"));
            layer = registry.pushBlob(REPO, layerBytes);
            image = Manifests.image(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG, config, 2, layer, layerBytes.length, null);
            index = Manifests.index(MediaTypes.OCI_INDEX, Manifests.descriptor(MediaTypes.OCI_MANIFEST, image));
            byte[] absentSubject = Manifests.image(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG, config, 2, null, 0, null);
            byte[] signature = Manifests.image(MediaTypes.OCI_MANIFEST, "application/vnd.example.sig", config, 2, null, 0,
                    Manifests.subject(absentSubject));
            assertThat(registry.putManifest(REPO, "v1", MediaTypes.OCI_MANIFEST, image).statusCode()).isEqualTo(201);
            assertThat(registry.putManifest(REPO, "multi", MediaTypes.OCI_INDEX, index).statusCode()).isEqualTo(201);
            assertThat(registry.putManifest(REPO, Digest.sha256(signature).toString(), MediaTypes.OCI_MANIFEST, signature).statusCode()).isEqualTo(201);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private ScrubReport scrub(boolean quarantine) throws IOException {
        return new Scrubber(new FileSystemDriver(dir), CLOCK).run(quarantine);
    }

    private Path blobFile(Digest digest) {
        return dir.resolve("blobs/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex() + "/data");
    }

    private static String line(ScrubProblem p) {
        return p.kind() + " " + p.repository() + " " + p.reference() + ": " + p.message();
    }

    @Test
    void aCleanStoreHasNoProblemsAndAnAbsentSubjectIsOnlyANote() throws Exception {
        ScrubReport report = scrub(false);
        assertThat(report.problems()).isEmpty();
        assertThat(report.clean()).isTrue();
        // config, layer, image, index, signature, and the signature's own config is the same "{}"
        assertThat(report.blobs()).isEqualTo(5);
        assertThat(report.manifests()).isEqualTo(3);
        assertThat(report.tags()).isEqualTo(2);
        assertThat(report.repositories()).isEqualTo(1);
        assertThat(report.bytes()).isGreaterThan(layerBytes.length);
        assertThat(report.notes()).singleElement().satisfies(note -> assertThat(note.kind()).isEqualTo(Scrubber.SUBJECT_ABSENT));
        assertThat(report.quarantine()).isNull();
    }

    @Test
    void aFlippedByteIsACorruptBlobAndTheManifestUsingItSaysSo() throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(blobFile(layer).toFile(), "rw")) {
            file.seek(1 << 20);
            int b = file.read();
            file.seek(1 << 20);
            file.write(b ^ 0x01);
        }
        ScrubReport report = scrub(false);
        assertThat(report.problems()).extracting(ScrubberTest::line).containsExactlyInAnyOrder(
                "blob-corrupt null " + layer + ": its " + layerBytes.length + " bytes hash to " + Digest.sha256(flipped()),
                "manifest-reference " + REPO + " " + Digest.sha256(image) + ": layer " + layer + " is corrupt (see " + layer + " above)");
        assertThat(blobFile(layer)).exists(); // read-only without --quarantine
    }

    private byte[] flipped() {
        byte[] copy = Arrays.copyOf(layerBytes, layerBytes.length);
        copy[1 << 20] ^= 0x01;
        return copy;
    }

    @Test
    void aDeletedLayerBlobIsReportedWhereverItIsNeeded() throws Exception {
        Files.delete(blobFile(layer));
        Files.delete(blobFile(layer).getParent());
        ScrubReport report = scrub(false);
        assertThat(report.problems()).extracting(ScrubberTest::line).containsExactlyInAnyOrder(
                "manifest-reference " + REPO + " " + Digest.sha256(image) + ": layer " + layer + " is not in the blob store",
                "link-dangling " + REPO + " " + layer + ": the blob is linked into the repository but not in the blob store");
    }

    @Test
    void aTagPointingToAMissingManifestIsDanglingAndAnIndexMissingItsChildSaysSo() throws Exception {
        Digest imageDigest = Digest.sha256(image);
        Path revision = dir.resolve("repositories/" + REPO + "/_manifests/revisions/sha256/" + imageDigest.hex());
        Files.delete(revision.resolve("link"));
        Files.delete(revision);
        ScrubReport report = scrub(false);
        assertThat(report.problems()).extracting(ScrubberTest::line).containsExactlyInAnyOrder(
                "tag-dangling " + REPO + " v1: it points to " + imageDigest + ", which is not a manifest in this repository",
                "manifest-reference " + REPO + " " + Digest.sha256(index) + ": index child " + imageDigest + " is not a manifest in this repository");
    }

    @Test
    void aTagFolderLeftWithoutItsLinkIsBroken() throws Exception {
        // What an interrupted tag write of earlier versions left: the folder, no link.
        Files.createDirectories(dir.resolve("repositories/" + REPO + "/_manifests/tags/half/current"));
        assertThat(scrub(false).problems()).extracting(ScrubberTest::line)
                .containsExactly("tag-broken " + REPO + " half: the tag's folder has no link (an interrupted write)");
    }

    @Test
    void quarantineTakesTheCorruptBlobOutOfServiceSoItIs404UntilPushedAgain() throws Exception {
        byte[] bad = Arrays.copyOf(layerBytes, layerBytes.length);
        bad[7] ^= (byte) 0x80;
        Files.write(blobFile(layer), bad);
        ScrubReport report = scrub(true);
        String where = "/_quarantine/20250301T100000Z/sha256/" + layer.hex();
        assertThat(report.quarantine()).isEqualTo("/_quarantine/20250301T100000Z");
        assertThat(report.problems()).filteredOn(p -> p.kind().equals(Scrubber.BLOB_CORRUPT))
                .singleElement().satisfies(p -> assertThat(p.quarantinedTo()).isEqualTo(where));
        assertThat(dir.resolve(where.substring(1)).resolve("data")).hasBinaryContent(bad);
        assertThat(blobFile(layer).getParent()).doesNotExist();

        try (TestRegistry registry = new TestRegistry(dir)) {
            assertThat(registry.get("/v2/" + REPO + "/blobs/" + layer).statusCode()).isEqualTo(404);
            assertThat(registry.head("/v2/" + REPO + "/blobs/" + layer).statusCode()).isEqualTo(404);
            // The good bytes pushed again make the image whole.
            registry.pushBlob(REPO, layerBytes);
            assertThat(registry.get("/v2/" + REPO + "/blobs/" + layer).body()).isEqualTo(layerBytes);
        }
        ScrubReport after = scrub(true);
        assertThat(after.problems()).isEmpty();
        assertThat(after.quarantine()).isNull();
    }
}
