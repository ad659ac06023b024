package dev.gantry.cli;

import dev.gantry.digest.Digest;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import dev.gantry.testing.PostgresCluster;
import dev.gantry.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@code gantry serve} processes sharing nothing but an S3 bucket (S3Proxy) and a PostgreSQL
 * database, as the README's two-node example runs them: two PATCHes on one upload session through
 * both nodes at once let exactly one in (the other gets 416 with the session's real Range); a node
 * killed with SIGKILL mid-upload loses nothing it acknowledged, and the client finishes on the
 * other node; a skopeo push cut by a node's death succeeds against the other; {@code /healthz}
 * reports each component and answers 503 when S3 or the database is down; {@code /metrics} shows
 * the pool and the S3 requests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeS3NodesTest {
    private static final int MIB = 1 << 20;
    @TempDir
    static Path dir;
    private static PostgresCluster postgres;
    private static S3ProxyServer s3;
    private static Path config;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startServices() throws Exception {
        postgres = PostgresCluster.start();
        s3 = S3ProxyServer.start();
        String database = postgres.jdbcUrl(postgres.createDatabase());
        String storage = s3.newStorageOptions(Map.of("partSizeMiB", "5")).entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\": " + (e.getKey().equals("pathStyle") ? e.getValue() : "\"" + e.getValue() + "\""))
                .collect(Collectors.joining(", "));
        config = dir.resolve("serve.json");
        Files.writeString(config, "{\"accessLog\": false, \"storage\": {\"driver\": \"s3\", " + storage + "},"
                + " \"database\": {\"url\": \"" + database + "\", \"user\": \"" + PostgresCluster.USER + "\"}}");
    }

    @AfterAll
    static void stopServices() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** A node: `gantry serve --config` in a JVM of its own on a free port. */
    private static Node node() throws Exception {
        int port = ServeProcess.freePort();
        return new Node(ServeProcess.start(dir, "--config", config.toString(), "--addr", "127.0.0.1:" + port), port);
    }

    private record Node(ServeProcess process, int port) implements AutoCloseable {
        URI uri(String location) {
            return location.startsWith("http") ? URI.create(location) : URI.create("http://127.0.0.1:" + port + location);
        }

        @Override
        public void close() {
            process.close();
        }
    }

    private HttpResponse<String> send(Node node, String method, String location, HttpRequest.BodyPublisher body,
                                      String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.uri(location)).method(method, body);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String startUpload(Node node, String repository) throws Exception {
        HttpResponse<String> post = send(node, "POST", "/v2/" + repository + "/blobs/uploads/", HttpRequest.BodyPublishers.noBody());
        assertThat(post.statusCode()).as(post.body()).isEqualTo(202);
        return post.headers().firstValue("Location").orElseThrow();
    }

    private HttpResponse<String> patch(Node node, String location, byte[] blob, int from, int to) throws Exception {
        return send(node, "PATCH", location, HttpRequest.BodyPublishers.ofByteArray(blob, from, to - from),
                "Content-Type", "application/octet-stream", "Content-Range", from + "-" + (to - 1));
    }

    /** A body the test feeds by hand, so a request can be held open mid-body. */
    private static final class HeldBody {
        final PipedOutputStream out = new PipedOutputStream();
        final InputStream in;

        HeldBody() throws IOException {
            in = new PipedInputStream(out, 1 << 16);
        }
    }

    @Test
    @Order(1)
    void twoPatchesOnOneSessionThroughBothNodesLetExactlyOneIn() throws Exception {
        byte[] first = new byte[MIB];
        byte[] second = new byte[MIB];
        new Random(1).nextBytes(first);
        new Random(2).nextBytes(second);
        try (Node a = node(); Node b = node()) {
            String location = startUpload(a, "race/blob");
            // Both PATCHes claim bytes 0-1048575; their bodies are held open, so both requests are in the registry at once.
            HeldBody toA = new HeldBody();
            HeldBody toB = new HeldBody();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (var target : List.of(Map.entry(a, toA), Map.entry(b, toB))) {
                answers.add(http.sendAsync(HttpRequest.newBuilder(target.getKey().uri(location))
                        .method("PATCH", HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> target.getValue().in), MIB))
                        .header("Content-Type", "application/octet-stream").header("Content-Range", "0-" + (MIB - 1)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            // Half of each body first, then the rest, from two threads: neither request can finish before both began.
            List<Thread> feeders = new ArrayList<>();
            for (var feed : List.of(Map.entry(toA, first), Map.entry(toB, second))) {
                Thread t = Thread.ofPlatform().start(() -> {
                    try (var out = feed.getKey().out) {
                        out.write(feed.getValue(), 0, MIB / 2);
                        out.flush();
                        Thread.sleep(500);
                        out.write(feed.getValue(), MIB / 2, MIB / 2);
                    } catch (IOException | InterruptedException e) {
                        // the registry refused this body before reading it all: its answer says why
                    }
                });
                feeders.add(t);
            }
            List<HttpResponse<String>> done = new ArrayList<>();
            for (var answer : answers) {
                done.add(answer.get(120, TimeUnit.SECONDS));
            }
            for (Thread t : feeders) {
                t.join();
            }
            List<Integer> codes = done.stream().map(HttpResponse::statusCode).sorted().toList();
            assertThat(codes).as("one appended, the other was refused: %s", done.stream().map(HttpResponse::body).toList())
                    .containsExactly(202, 416);
            HttpResponse<String> refused = done.stream().filter(r -> r.statusCode() == 416).findFirst().orElseThrow();
            assertThat(refused.headers().firstValue("Range")).as("the session's real size").contains("0-" + (MIB - 1));
            byte[] winner = done.get(0).statusCode() == 202 ? first : second;

            HttpResponse<String> status = send(b, "GET", location, HttpRequest.BodyPublishers.noBody());
            assertThat(status.headers().firstValue("Range")).contains("0-" + (MIB - 1));
            Digest digest = Digest.sha256(winner);
            HttpResponse<String> put = send(b, "PUT", location + (location.contains("?") ? "&" : "?") + "digest=" + digest,
                    HttpRequest.BodyPublishers.noBody());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        }
    }

    @Test
    @Order(2)
    void aNodeKilledMidUploadLosesNothingAcknowledgedAndTheOtherFinishes() throws Exception {
        byte[] blob = new byte[9 * MIB + 777];
        new Random(3).nextBytes(blob);
        Digest digest = Digest.sha256(blob);
        try (Node a = node(); Node b = node()) {
            String location = startUpload(a, "killed/blob");
            int acknowledged = 0;
            for (; acknowledged < 6 * MIB; acknowledged += MIB) {
                HttpResponse<String> patched = patch(a, location, blob, acknowledged, acknowledged + MIB);
                assertThat(patched.statusCode()).as(patched.body()).isEqualTo(202);
                location = patched.headers().firstValue("Location").orElseThrow();
            }
            // A seventh chunk is on its way when the node dies: half of it sent, the request open.
            HeldBody cut = new HeldBody();
            var inFlight = http.sendAsync(HttpRequest.newBuilder(a.uri(location))
                    .method("PATCH", HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> cut.in), MIB))
                    .header("Content-Type", "application/octet-stream").header("Content-Range", acknowledged + "-" + (acknowledged + MIB - 1))
                    .build(), HttpResponse.BodyHandlers.ofString());
            cut.out.write(blob, acknowledged, MIB / 2);
            cut.out.flush();
            Thread.sleep(300);
            a.process().kill();
            assertThat(inFlight).failsWithin(60, TimeUnit.SECONDS);

            // The client asks the other node where the upload stands and finishes there.
            HttpResponse<String> status = send(b, "GET", location, HttpRequest.BodyPublishers.noBody());
            assertThat(status.statusCode()).as(status.body()).isEqualTo(204);
            String range = status.headers().firstValue("Range").orElseThrow();
            int held = Integer.parseInt(range.substring(range.indexOf('-') + 1)) + 1;
            assertThat(held).as("every acknowledged byte is there; the cut chunk was never acknowledged").isEqualTo(acknowledged);
            HttpResponse<String> rest = patch(b, location, blob, held, blob.length);
            assertThat(rest.statusCode()).as(rest.body()).isEqualTo(202);
            HttpResponse<String> put = send(b, "PUT", location + (location.contains("?") ? "&" : "?") + "digest=" + digest,
                    HttpRequest.BodyPublishers.noBody());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

            HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(b.uri("/v2/killed/blob/blobs/" + digest)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(Digest.sha256(served.body())).isEqualTo(digest);
            assertThat(Arrays.equals(served.body(), blob)).isTrue();
        }
    }

    @Test
    @Order(3)
    void aSkopeoPushCutByItsNodesDeathSucceedsAgainstTheOther() throws Exception {
        PeerTools.assumeInstalled("skopeo", "umoci");
        Path layout = Fixtures.umociLayout(dir);
        try (Node a = node(); Node b = node()) {
            // The push to A is cut wherever it is when A dies (or has just finished: either way B must take the retry).
            Process push = new ProcessBuilder("skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":" + Fixtures.TAG,
                    "docker://127.0.0.1:" + a.port() + "/cut/app:v1").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("cut-push.log").toFile()).start();
            Thread.sleep(200);
            a.process().kill();
            push.waitFor(120, TimeUnit.SECONDS);
            System.out.println("push to the killed node exited " + push.exitValue() + ":\n" + Files.readString(dir.resolve("cut-push.log")));

            Fixtures.skopeo(dir, "copy", "--dest-tls-verify=false", "oci:" + layout + ":" + Fixtures.TAG,
                    "docker://127.0.0.1:" + b.port() + "/cut/app:v1");
            Path pulled = dir.resolve("pulled-after-cut");
            // skopeo checks every blob's digest while it copies.
            Fixtures.skopeo(dir, "copy", "--src-tls-verify=false", "docker://127.0.0.1:" + b.port() + "/cut/app:v1", "oci:" + pulled + ":back");
            try (Stream<Path> blobs = Files.list(pulled.resolve("blobs/sha256"))) {
                for (Path pulledBlob : blobs.toList()) {
                    assertThat(Files.readAllBytes(pulledBlob)).isEqualTo(Files.readAllBytes(Fixtures.blob(layout, "sha256:" + pulledBlob.getFileName())));
                }
            }
        }
    }

    @Test
    @Order(4)
    void healthzReportsEachComponentAndMetricsShowThePoolAndS3Requests() throws Exception {
        try (Node a = node()) {
            HttpResponse<String> health = send(a, "GET", "/healthz", HttpRequest.BodyPublishers.noBody());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).contains("\"storage\":{\"status\":\"ok\"").contains("\"database\":{\"status\":\"ok\"}");
            startUpload(a, "metrics/blob");
            String metrics = send(a, "GET", "/metrics", HttpRequest.BodyPublishers.noBody()).body();
            assertThat(metrics).contains("# TYPE gantry_db_pool_active_connections gauge")
                    .contains("gantry_db_pool_idle_connections ").contains("gantry_db_pool_pending_requests ")
                    .contains("gantry_db_pool_total_connections ")
                    .contains("gantry_s3_requests_total{operation=\"PutObject\"} ")
                    .contains("gantry_s3_request_duration_seconds_total{operation=\"HeadObject\"} ");

            s3.stop();
            health = send(a, "GET", "/healthz", HttpRequest.BodyPublishers.noBody());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
            assertThat(health.body()).contains("\"status\":\"unavailable\"").contains("\"storage\":{\"status\":\"down\"")
                    .contains("\"database\":{\"status\":\"ok\"}");

            postgres.close();
            postgres = null;
            health = send(a, "GET", "/healthz", HttpRequest.BodyPublishers.noBody());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
            assertThat(health.body()).contains("\"database\":{\"status\":\"down\"");
        }
    }
}
