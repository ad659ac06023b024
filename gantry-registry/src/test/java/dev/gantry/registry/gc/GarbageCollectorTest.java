package dev.gantry.registry.gc;

import dev.gantry.digest.Digest;
import dev.gantry.oci.MediaTypes;
import dev.gantry.registry.content.Registry;
import dev.gantry.registry.storage.FileSystemDriver;
import dev.gantry.registry.testing.Manifests;
import dev.gantry.registry.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class GarbageCollectorTest {
    @TempDir
    Path dir;

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A collector whose clock is an hour ahead, so everything just pushed is past a 30 minute grace period. */
    private GarbageCollector later(Duration grace) throws Exception {
        Clock clock = Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);
        return new GarbageCollector(new Registry(new FileSystemDriver(dir)), grace, clock);
    }

    @Test
    void keepsWhatTagsReachThroughIndexesAndReferrersAndSweepsTheRest() throws Exception {
        String repo = "gc/app";
        Digest config;
        Digest layer;
        Digest orphan;
        byte[] image;
        byte[] untagged;
        byte[] index;
        byte[] signature;
        try (TestRegistry registry = new TestRegistry(dir)) {
            config = registry.pushBlob(repo, utf8("{}"));
            layer = registry.pushBlob(repo, utf8("layer"));
            orphan = registry.pushBlob(repo, utf8("orphan"));
            Digest untaggedLayer = registry.pushBlob(repo, utf8("untagged layer"));
            image = Manifests.image(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG, config, 2, layer, 5, null);
            untagged = Manifests.image(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG, config, 2, untaggedLayer, 14, null);
            index = Manifests.index(MediaTypes.OCI_INDEX, Manifests.descriptor(MediaTypes.OCI_MANIFEST, image));
            signature = Manifests.image(MediaTypes.OCI_MANIFEST, "application/vnd.example.sig", config, 2, null, 0, Manifests.subject(index)
                    .replace(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX));
            registry.putManifest(repo, Digest.sha256(image).toString(), MediaTypes.OCI_MANIFEST, image);
            registry.putManifest(repo, Digest.sha256(untagged).toString(), MediaTypes.OCI_MANIFEST, untagged);
            registry.putManifest(repo, "v1", MediaTypes.OCI_INDEX, index);
            registry.putManifest(repo, Digest.sha256(signature).toString(), MediaTypes.OCI_MANIFEST, signature);
        }

        GarbageCollector.Report dry = later(Duration.ofMinutes(30)).run(true);
        assertThat(dry.manifests()).containsExactly(repo + "@" + Digest.sha256(untagged));
        assertThat(dry.blobs()).containsExactlyInAnyOrder(orphan, Digest.sha256(utf8("untagged layer")), Digest.sha256(untagged));
        try (TestRegistry registry = new TestRegistry(dir)) {
            assertThat(registry.get("/v2/" + repo + "/manifests/" + Digest.sha256(untagged)).statusCode()).isEqualTo(200);
            assertThat(registry.head("/v2/" + repo + "/blobs/" + orphan).statusCode()).isEqualTo(200);
        }

        GarbageCollector.Report real = later(Duration.ofMinutes(30)).run(false);
        assertThat(real.blobs()).hasSize(3);
        assertThat(real.bytes()).isEqualTo(6 + 14 + untagged.length);
        try (TestRegistry registry = new TestRegistry(dir)) {
            assertThat(registry.get("/v2/" + repo + "/manifests/v1").statusCode()).isEqualTo(200);
            assertThat(registry.get("/v2/" + repo + "/manifests/" + Digest.sha256(image)).statusCode()).isEqualTo(200);
            assertThat(registry.get("/v2/" + repo + "/manifests/" + Digest.sha256(signature)).statusCode()).isEqualTo(200);
            assertThat(registry.get("/v2/" + repo + "/blobs/" + layer).statusCode()).isEqualTo(200);
            assertThat(registry.get("/v2/" + repo + "/blobs/" + config).statusCode()).isEqualTo(200);
            assertThat(registry.get("/v2/" + repo + "/manifests/" + Digest.sha256(untagged)).statusCode()).isEqualTo(404);
            assertThat(registry.head("/v2/" + repo + "/blobs/" + orphan).statusCode()).isEqualTo(404);
        }
        assertThat(later(Duration.ofMinutes(30)).run(false).blobs()).isEmpty();
    }

    @Test
    void abandonedUploadSessionsArePurgedAfterAWeek() throws Exception {
        String location;
        try (TestRegistry registry = new TestRegistry(dir)) {
            registry.pushBlob("gc/uploads", utf8("a blob, so the repository exists"));
            location = registry.send("POST", "/v2/gc/uploads/blobs/uploads/", null, java.util.Map.of()).headers().firstValue("Location").orElseThrow();
        }
        assertThat(later(Duration.ofMinutes(30)).run(false).uploads()).isEmpty();
        Clock eightDays = Clock.fixed(Instant.now().plus(Duration.ofDays(8)), ZoneOffset.UTC);
        GarbageCollector.Report report = new GarbageCollector(new Registry(new FileSystemDriver(dir)), Duration.ofMinutes(30), eightDays).run(false);
        assertThat(report.uploads()).containsExactly("gc/uploads/" + location.substring(location.lastIndexOf('/') + 1));
        try (TestRegistry registry = new TestRegistry(dir)) {
            assertThat(registry.get(location).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aSessionAKillLeftWithoutItsDataNeitherStopsGcNorStaysForever() throws Exception {
        String id;
        try (TestRegistry registry = new TestRegistry(dir)) {
            registry.pushBlob("gc/killed", utf8("a blob, so the repository exists"));
            String location = registry.send("POST", "/v2/gc/killed/blobs/uploads/", null, java.util.Map.of()).headers().firstValue("Location").orElseThrow();
            id = location.substring(location.lastIndexOf('/') + 1);
        }
        // What a kill -9 between the blob's rename into place and the session folder's removal leaves.
        java.nio.file.Files.delete(dir.resolve("repositories/gc/killed/_uploads/" + id + "/data"));
        assertThat(later(Duration.ofMinutes(30)).run(false).uploads()).isEmpty();
        Clock eightDays = Clock.fixed(Instant.now().plus(Duration.ofDays(8)), ZoneOffset.UTC);
        GarbageCollector.Report report = new GarbageCollector(new Registry(new FileSystemDriver(dir)), Duration.ofMinutes(30), eightDays).run(false);
        assertThat(report.uploads()).containsExactly("gc/killed/" + id);
        assertThat(dir.resolve("repositories/gc/killed/_uploads/" + id)).doesNotExist();
    }

    @Test
    void spareEverythingYoungerThanTheGracePeriod() throws Exception {
        try (TestRegistry registry = new TestRegistry(dir)) {
            registry.pushBlob("gc/fresh", utf8("just pushed, manifest still to come"));
        }
        GarbageCollector.Report report = later(Duration.ofHours(2)).run(false);
        assertThat(report.blobs()).isEmpty();
        assertThat(report.manifests()).isEmpty();
    }
}
