package dev.gantry.registry.postgres;

import dev.gantry.digest.Digest;
import dev.gantry.registry.content.BlobStore;
import dev.gantry.registry.metadata.DatabaseConfig;
import dev.gantry.registry.metadata.OnlineGcConfig;
import dev.gantry.registry.metadata.OnlineGcReport;
import dev.gantry.registry.server.RegistryConfig;
import dev.gantry.registry.server.RegistryServer;
import dev.gantry.registry.storage.FileSystemDriver;
import dev.gantry.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pushes and deletes in a loop through two {@code gantry serve} nodes (real HTTP, one storage
 * directory, one PostgreSQL database) while both run the online collector with a short
 * review delay of two seconds. Afterwards every image still tagged pulls from either node and verifies (the
 * manifest and every blob against its digest), and once a last pass has run nothing
 * unreferenced is left in the database or the storage.
 */
class OnlineGcServeTest {
    private static final String IMAGE = "application/vnd.oci.image.manifest.v1+json";
    private static final byte[] BASE = "a base layer shared by every image".getBytes(StandardCharsets.UTF_8);
    private static PostgresCluster cluster;

    @TempDir
    static Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicInteger retries = new AtomicInteger();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = PostgresCluster.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** An image that was pushed: the tag it is under, its manifest, and its blobs. */
    private record Pushed(String repository, String tag, Digest manifest, byte[] raw, Map<Digest, byte[]> blobs) {
    }

    @Test
    void everyImageStillTaggedAfterAPushAndDeleteLoopUnderGcPullsWhole() throws Exception {
        DatabaseConfig database = new DatabaseConfig(cluster.jdbcUrl(cluster.createDatabase()), PostgresCluster.USER, null)
                .withGc(new OnlineGcConfig(true, Duration.ofMillis(200), Duration.ofSeconds(2)));
        Path data = dir.resolve("data");
        Map<String, Pushed> tagged = new ConcurrentHashMap<>();
        List<Pushed> deleted = new ArrayList<>();
        try (RegistryServer a = node(data, database); RegistryServer b = node(data, database);
             ExecutorService workers = Executors.newFixedThreadPool(4)) {
            List<URI> nodes = List.of(a.baseUri(), b.baseUri());
            List<Future<List<Pushed>>> work = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                work.add(workers.submit(() -> loop(worker, nodes, tagged)));
            }
            for (Future<List<Pushed>> f : work) {
                deleted.addAll(f.get());
            }
            assertThat(tagged).hasSizeGreaterThan(10);
            // Every image still tagged pulls whole from both nodes, the collectors still running.
            for (Pushed image : tagged.values()) {
                for (URI node : nodes) {
                    assertPullsWhole(node, image);
                }
            }
        }
        // A last pass with no delay, after the nodes stopped: everything unreferenced goes.
        try (PostgresMetadataStore store = (PostgresMetadataStore) new PostgresMetadataStoreProvider().open(database)) {
            BlobStore blobs = new BlobStore(new FileSystemDriver(data), store);
            try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
                long collected = count(s, "SELECT count(*) FROM blobs WHERE state <> 'live'");
                System.out.println("online gc loop: " + tagged.size() + " images tagged, " + deleted.size() + " deleted, " + collected
                        + " blobs collected by the nodes during the loop, " + retries + " push retries");
                assertThat(collected).as("blobs the nodes' collectors deleted while the loop ran").isPositive();
            }
            OnlineGcReport report;
            do {
                report = store.review(blobs, Duration.ZERO, 100_000);
            } while (report.reviewed() > 0);
            try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
                assertThat(count(s, "SELECT count(*) FROM manifests m WHERE NOT EXISTS (SELECT 1 FROM tags t WHERE t.repository_id = m.repository_id AND t.manifest_digest = m.digest)"))
                        .as("untagged manifests left").isZero();
                assertThat(count(s, "SELECT count(*) FROM tags")).isEqualTo(tagged.size());
                assertThat(count(s, """
                        SELECT count(*) FROM blobs b WHERE b.state = 'live'
                        AND NOT EXISTS (SELECT 1 FROM manifests m WHERE m.digest = b.digest)
                        AND NOT EXISTS (SELECT 1 FROM manifest_references r WHERE r.digest = b.digest)""")).as("unreferenced live blobs").isZero();
                assertThat(count(s, "SELECT count(*) FROM gc_manifest_review_queue") + count(s, "SELECT count(*) FROM gc_blob_review_queue")).isZero();
                Set<String> referenced = new HashSet<>();
                try (ResultSet r = s.executeQuery("SELECT digest FROM manifests UNION SELECT digest FROM manifest_references")) {
                    while (r.next()) {
                        referenced.add(r.getString(1));
                    }
                }
                assertThat(blobs.all()).as("objects in storage").allSatisfy(d -> assertThat(referenced).contains(d.toString()));
            }
            Set<Digest> live = new HashSet<>();
            tagged.values().forEach(p -> live.addAll(p.blobs().keySet()));
            for (Pushed gone : deleted) {
                if (!live.contains(gone.manifest())) {
                    assertThat(blobs.exists(gone.manifest())).as("bytes of deleted manifest " + gone.manifest()).isFalse();
                }
            }
            for (Pushed image : tagged.values()) {
                for (Digest blob : image.blobs().keySet()) {
                    assertThat(blobs.exists(blob)).isTrue();
                }
            }
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static RegistryServer node(Path data, DatabaseConfig database) throws Exception {
        return new RegistryServer(RegistryConfig.defaults().withAddress("127.0.0.1", 0).withDataDir(data).withAccessLog(false).withDatabase(database), null).start();
    }

    /** One worker: pushes images to alternating nodes, and deletes some (by tag, or by digest) on the other node. */
    private List<Pushed> loop(int worker, List<URI> nodes, Map<String, Pushed> tagged) throws Exception {
        List<Pushed> deleted = new ArrayList<>();
        List<Pushed> mine = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String repository = "loop/r" + (i % 3);
            URI node = nodes.get(i % 2);
            Pushed image = push(node, repository, "w" + worker + "-" + i, ("layer of worker " + worker + " image " + i).getBytes(StandardCharsets.UTF_8));
            mine.add(image);
            tagged.put(repository + ":" + image.tag(), image);
            if (i % 3 == 2) {
                // Delete an earlier image through the other node: by tag, or by digest every other time.
                Pushed victim = mine.remove(mine.size() - 2);
                URI other = nodes.get((i + 1) % 2);
                String reference = i % 2 == 0 ? victim.tag() : victim.manifest().toString();
                HttpResponse<String> response = send(HttpRequest.newBuilder(other.resolve("/v2/" + victim.repository() + "/manifests/" + reference)).DELETE());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                tagged.remove(victim.repository() + ":" + victim.tag());
                deleted.add(victim);
            }
        }
        return deleted;
    }

    private Pushed push(URI node, String repository, String tag, byte[] layer) throws Exception {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"tag\":\"" + tag + "\"}").getBytes(StandardCharsets.UTF_8);
        Map<Digest, byte[]> blobs = Map.of(Digest.sha256(config), config, Digest.sha256(BASE), BASE, Digest.sha256(layer), layer);
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + IMAGE + "\",\"config\":" + descriptor("application/vnd.oci.image.config.v1+json", config)
                + ",\"layers\":[" + descriptor("application/vnd.oci.image.layer.v1.tar", BASE) + "," + descriptor("application/vnd.oci.image.layer.v1.tar", layer) + "]}";
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        // A client retries a push whose blobs the collector took between its upload and its manifest, as after any 4xx
        // MANIFEST_BLOB_UNKNOWN: it checks each blob again and uploads what is missing.
        for (int attempt = 0; ; attempt++) {
            for (Map.Entry<Digest, byte[]> blob : blobs.entrySet()) {
                putBlob(node, repository, blob.getKey(), blob.getValue());
            }
            HttpResponse<String> response = send(HttpRequest.newBuilder(node.resolve("/v2/" + repository + "/manifests/" + tag))
                    .header("Content-Type", IMAGE).PUT(HttpRequest.BodyPublishers.ofByteArray(raw)));
            if (response.statusCode() == 201) {
                Map<Digest, byte[]> all = new java.util.HashMap<>(blobs);
                all.put(Digest.sha256(raw), raw);
                return new Pushed(repository, tag, Digest.sha256(raw), raw, all);
            }
            assertThat(response.body()).as("push refused for another reason than a collected blob").contains("MANIFEST_BLOB_UNKNOWN");
            assertThat(attempt).as("retries of one push; last refusal: " + response.body()).isLessThan(20);
            retries.incrementAndGet();
        }
    }

    private void putBlob(URI node, String repository, Digest digest, byte[] content) throws Exception {
        HttpResponse<String> head = send(HttpRequest.newBuilder(node.resolve("/v2/" + repository + "/blobs/" + digest)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        if (head.statusCode() == 200) {
            return;
        }
        HttpResponse<String> put = send(HttpRequest.newBuilder(node.resolve("/v2/" + repository + "/blobs/uploads/?digest=" + digest))
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(content)));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    }

    private void assertPullsWhole(URI node, Pushed image) throws Exception {
        HttpResponse<byte[]> manifest = http.send(HttpRequest.newBuilder(node.resolve("/v2/" + image.repository() + "/manifests/" + image.tag()))
                .header("Accept", IMAGE).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(manifest.statusCode()).as(image.repository() + ":" + image.tag()).isEqualTo(200);
        assertThat(Digest.sha256(manifest.body())).isEqualTo(image.manifest());
        for (Digest blob : image.blobs().keySet()) {
            if (blob.equals(image.manifest())) {
                continue;
            }
            HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(node.resolve("/v2/" + image.repository() + "/blobs/" + blob)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(got.statusCode()).as(image.repository() + "@" + blob).isEqualTo(200);
            assertThat(Digest.sha256(got.body())).isEqualTo(blob);
        }
    }

    private static String descriptor(String mediaType, byte[] content) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + Digest.sha256(content) + "\",\"size\":" + content.length + "}";
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
