package dev.gantry.registry.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.error.InvalidInputException;
import dev.gantry.oci.Json;
import dev.gantry.registry.gc.GarbageCollector;
import dev.gantry.registry.metadata.DatabaseConfig;
import dev.gantry.registry.server.RegistryConfig;
import dev.gantry.registry.scrub.Scrubber;
import dev.gantry.registry.server.RegistryServer;
import dev.gantry.registry.storage.FileSystemDriver;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import dev.gantry.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two {@code gantry serve} nodes sharing one storage directory (the file-system driver) and one
 * PostgreSQL database: skopeo pushes to the first, the second serves the image at once (manifest,
 * blobs, tags, catalog), and the storage tree holds no metadata of its own.
 */
class TwoNodeServeTest {
    @TempDir
    static Path dir;
    private static PostgresCluster cluster;
    private static DatabaseConfig database;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = PostgresCluster.start();
        database = new DatabaseConfig(cluster.jdbcUrl(cluster.createDatabase()), PostgresCluster.USER, null);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static RegistryServer node(Path data, DatabaseConfig db) throws Exception {
        RegistryConfig config = RegistryConfig.defaults().withAddress("127.0.0.1", 0).withDataDir(data).withAccessLog(false).withDatabase(db);
        return new RegistryServer(config, null).start();
    }

    @Test
    void anImagePushedToOneNodeIsServedByTheOther() throws Exception {
        PeerTools.assumeInstalled("skopeo", "umoci");
        Path layout = Fixtures.umociLayout(dir);
        Path data = dir.resolve("data");
        try (RegistryServer a = node(data, database); RegistryServer b = node(data, database)) {
            String onA = "docker://127.0.0.1:" + a.port() + "/team/app";
            String onB = "docker://127.0.0.1:" + b.port() + "/team/app";
            Fixtures.skopeo(dir, "copy", "--dest-tls-verify=false", "oci:" + layout + ":" + Fixtures.TAG, onA + ":v1");

            String pushed = Fixtures.skopeo(dir, "inspect", "--tls-verify=false", "--format", "{{.Digest}}", onA + ":v1").stdout().strip();
            String servedByB = Fixtures.skopeo(dir, "inspect", "--tls-verify=false", "--format", "{{.Digest}}", onB + ":v1").stdout().strip();
            assertThat(servedByB).startsWith("sha256:").isEqualTo(pushed);
            assertThat(Fixtures.skopeo(dir, "list-tags", "--tls-verify=false", onB).stdout()).contains("\"v1\"");
            // Every blob comes back through B and verifies (skopeo checks each digest while copying).
            Path pulled = dir.resolve("pulled");
            Fixtures.skopeo(dir, "copy", "--src-tls-verify=false", onB + ":v1", "oci:" + pulled + ":back");
            JsonNode index = Json.tree(Files.readAllBytes(pulled.resolve("index.json")), "index.json");
            assertThat(index.path("manifests").get(0).path("digest").asText()).isEqualTo(pushed);

            HttpResponse<String> catalog = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.port() + "/v2/_catalog")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(catalog.body()).contains("\"team/app\"");
        }
        // The tags and links are rows in PostgreSQL, not files beside the blobs.
        try (Stream<Path> files = Files.walk(data)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("_manifests", "_layers");
        }
        // So tools that read only the tree refuse it: gc would otherwise take every blob for garbage.
        assertThatThrownBy(() -> GarbageCollector.forStorage(new FileSystemDriver(data), Duration.ofHours(1), Clock.systemUTC()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("metadata is in a database");
        assertThatThrownBy(() -> new Scrubber(new FileSystemDriver(data), Clock.systemUTC()).run(false))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("metadata is in a database");
    }

    @Test
    void anUnreachableDatabaseIsOneErrorLineAtStart() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        DatabaseConfig nowhere = new DatabaseConfig("jdbc:postgresql://127.0.0.1:" + closed + "/gantry", "gantry", "secret");
        assertThatThrownBy(() -> node(dir.resolve("unreached"), nowhere))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageStartingWith("cannot reach the metadata database jdbc:postgresql://127.0.0.1:" + closed + "/gantry: ")
                .hasMessageNotContaining("secret")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
