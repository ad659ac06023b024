package dev.gantry.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.digest.Digest;
import dev.gantry.oci.MediaTypes;
import dev.gantry.registry.scrub.Scrubber;
import dev.gantry.registry.storage.FileSystemDriver;
import dev.gantry.registry.testing.Manifests;
import dev.gantry.registry.testing.TestRegistry;
import dev.gantry.testing.SmallFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static dev.gantry.registry.testing.TestRegistry.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registry on an 8 MiB tmpfs that fills up for real: pushes are refused with 507 and a body
 * that says why, nothing half-written is left (no upload session holding space, no tag),
 * reads go on, /healthz shows the free space, and pushes work again once space is freed.
 */
class StorageFullTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPO = "full/app";

    @TempDir
    Path dir;

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static void assertStorageFull(HttpResponse<byte[]> response) throws Exception {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(507);
        JsonNode error = JSON.readTree(response.body()).path("errors").get(0);
        assertThat(error.path("code").asText()).isEqualTo("UNKNOWN");
        assertThat(error.path("message").asText()).startsWith("the registry's storage is full, so nothing of this request was stored");
        assertThat(error.path("detail").path("freeBytes").isNumber()).isTrue();
    }

    @Test
    void pushesOntoAFullDiskAre507WithNothingLeftBehindReadsGoOnAndPushesWorkOnceSpaceIsFreed() throws Exception {
        try (SmallFileSystem small = SmallFileSystem.mount(dir.resolve("mnt"), 8)) {
            Path data = small.path().resolve("data");
            byte[] layer = random(1 << 20, 1);
            byte[] big = random(2 << 20, 2);
            try (TestRegistry registry = new TestRegistry(data)) {
                Digest config = registry.pushBlob(REPO, "{}".getBytes());
                Digest layerDigest = registry.pushBlob(REPO, layer);
                byte[] image = Manifests.image(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG, config, 2, layerDigest, layer.length, null);
                assertThat(registry.putManifest(REPO, "v1", MediaTypes.OCI_MANIFEST, image).statusCode()).isEqualTo(201);

                Path filler = small.fillLeaving(512 << 10, "filler");
                // Monolithic: POST ?digest= with the whole blob.
                Digest bigDigest = Digest.sha256(big);
                assertStorageFull(registry.send("POST", "/v2/" + REPO + "/blobs/uploads/?digest=" + bigDigest, big,
                        Map.of("Content-Type", "application/octet-stream")));
                // A session, then a chunk that does not fit: the session is gone with its bytes.
                HttpResponse<byte[]> session = registry.send("POST", "/v2/" + REPO + "/blobs/uploads/", null, Map.of());
                assertThat(session.statusCode()).isEqualTo(202);
                String location = session.headers().firstValue("Location").orElseThrow();
                assertStorageFull(registry.send("PATCH", location, big, Map.of("Content-Type", "application/octet-stream")));
                assertThat(registry.get(location).statusCode()).isEqualTo(404);
                try (Stream<Path> files = Files.walk(data.resolve("repositories/" + REPO + "/_uploads"))) {
                    assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
                }

                // Not a page left: a manifest (a few hundred bytes) is refused too, and its tag does not appear.
                Path last = small.fillLeaving(0, "last");
                byte[] second = Manifests.image(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG, config, 2, null, 0, null);
                assertStorageFull(registry.putManifest(REPO, "v2", MediaTypes.OCI_MANIFEST, second));
                assertThat(JSON.readTree(registry.get("/v2/" + REPO + "/tags/list").body()).path("tags").toString()).isEqualTo("[\"v1\"]");

                // Reads go on.
                assertThat(registry.get("/v2/" + REPO + "/manifests/v1").body()).isEqualTo(image);
                assertThat(registry.get("/v2/" + REPO + "/blobs/" + layerDigest).body()).isEqualTo(layer);
                JsonNode health = JSON.readTree(registry.get("/healthz").body());
                assertThat(health.path("status").asText()).isEqualTo("ok");
                assertThat(health.path("storage").path("totalBytes").asLong()).isEqualTo(8 << 20);
                assertThat(health.path("storage").path("freeBytes").asLong()).isLessThan(4096);

                Files.delete(last);
                Files.delete(filler);
                assertThat(JSON.readTree(registry.get("/healthz").body()).path("storage").path("freeBytes").asLong()).isGreaterThan(4L << 20);
                registry.pushBlob(REPO, big);
                assertThat(registry.putManifest(REPO, "v2", MediaTypes.OCI_MANIFEST, second).statusCode()).isEqualTo(201);
            }
            // Nothing the refusals began is visible in the store.
            assertThat(new Scrubber(new FileSystemDriver(data), Clock.systemUTC()).run(false).problems()).isEqualTo(List.of());
        }
    }
}
