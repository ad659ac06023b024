package dev.gantry.registry.it;

import dev.gantry.digest.Digest;
import dev.gantry.oci.MediaTypes;
import dev.gantry.registry.storage.StorageConfig;
import dev.gantry.registry.testing.Manifests;
import dev.gantry.registry.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.gantry.registry.testing.TestRegistry.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes over one S3 bucket and one PostgreSQL database, addressed by name: what node A
 * acknowledges, node B serves at once; pushes of the same blob and of the same tag racing on both
 * nodes all succeed and leave both nodes answering alike.
 */
@ExtendWith(TwoNodesOnS3AndPostgres.class)
class TwoNodeConsistencyTest {
    private static final int A = 0;
    private static final int B = 1;
    @TempDir
    static Path dir;
    static TestRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        registry = new TestRegistry(dir.resolve("data"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void theSuitesRunOnTwoNodesOverS3AndPostgres() throws Exception {
        assertThat(registry.nodes()).isEqualTo(2);
        assertThat(registry.config().storageConfig().driver()).isEqualTo("s3");
        assertThat(registry.config().database().url()).startsWith("jdbc:postgresql://127.0.0.1:");
        assertThat(registry.uri("/v2/").getPort()).isNotEqualTo(registry.uri("/v2/").getPort());
        registry.pushBlob("where/blobs", "kept in the bucket".getBytes(StandardCharsets.UTF_8));
        assertThat(dir.resolve("data")).as("nothing on local disk").doesNotExist();
    }

    @Test
    void anImagePushedToAIsPulledFromBAtOnce() throws Exception {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = "layer bytes".getBytes(StandardCharsets.UTF_8);
        Digest configDigest = monolithic(A, "at/once", config);
        Digest layerDigest = monolithic(A, "at/once", layer);
        byte[] manifest = Manifests.image(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG, configDigest, config.length, layerDigest, layer.length, null);
        HttpResponse<byte[]> put = send(A, "PUT", "/v2/at/once/manifests/v1", manifest, MediaTypes.OCI_MANIFEST);
        assertThat(put.statusCode()).as(text(put)).isEqualTo(201);

        HttpResponse<byte[]> pulled = send(B, "GET", "/v2/at/once/manifests/v1", null, null);
        assertThat(pulled.statusCode()).isEqualTo(200);
        assertThat(pulled.body()).isEqualTo(manifest);
        assertThat(send(B, "GET", "/v2/at/once/blobs/" + layerDigest, null, null).body()).isEqualTo(layer);
        assertThat(send(B, "GET", "/v2/at/once/blobs/" + configDigest, null, null).body()).isEqualTo(config);
        assertThat(text(send(B, "GET", "/v2/at/once/tags/list", null, null))).contains("\"v1\"");
        assertThat(text(send(B, "GET", "/v2/_catalog", null, null))).contains("\"at/once\"");

        assertThat(send(A, "DELETE", "/v2/at/once/manifests/v1", null, null).statusCode()).isEqualTo(202);
        assertThat(send(B, "GET", "/v2/at/once/manifests/v1", null, null).statusCode()).as("a delete on A is seen by B").isEqualTo(404);
    }

    /**
     * Eight clients, four on each node, upload the same 6 MiB blob (more than one S3 part) in 2 MiB chunks at
     * once, each chunk to the other node than the last: every upload is acknowledged, and both nodes serve
     * the blob whole and by range.
     */
    @Test
    void twoNodesPushingTheSameBlobAtOnceEndWithOneWholeBlob() throws Exception {
        byte[] blob = new byte[6 << 20];
        new Random(14).nextBytes(blob);
        Digest digest = Digest.sha256(blob);
        List<Digest> acknowledged = race(8, client -> chunked(client % 2, "race/blob", blob, 2 << 20));
        assertThat(acknowledged).containsOnly(digest).hasSize(8);
        for (int node : new int[]{A, B}) {
            HttpResponse<byte[]> whole = send(node, "GET", "/v2/race/blob/blobs/" + digest, null, null);
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(Digest.sha256(whole.body())).isEqualTo(digest);
            HttpResponse<byte[]> part = registry.send(HttpRequest.newBuilder(registry.uri(node, "/v2/race/blob/blobs/" + digest))
                    .header("Range", "bytes=5242870-5242889").GET());
            assertThat(part.statusCode()).isEqualTo(206);
            assertThat(part.body()).isEqualTo(Arrays.copyOfRange(blob, 5242870, 5242890));
        }
    }

    /**
     * Eight clients, four on each node, push each their own image under the same tag at once: every push
     * is acknowledged, the tag is listed once, both nodes resolve it to the same manifest, one of those
     * pushed, and every pushed manifest stays pullable by digest from either node.
     */
    @Test
    void twoNodesPushingTheSameTagAtOnceAgreeOnOneOfThePushedManifests() throws Exception {
        List<Digest> pushed = race(8, client -> {
            int node = client % 2;
            byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"client\":" + client + "}").getBytes(StandardCharsets.UTF_8);
            Digest configDigest = monolithic(node, "race/tag", config);
            byte[] manifest = Manifests.image(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG, configDigest, config.length, null, 0, null);
            HttpResponse<byte[]> put = send(node, "PUT", "/v2/race/tag/manifests/latest", manifest, MediaTypes.OCI_MANIFEST);
            assertThat(put.statusCode()).as(text(put)).isEqualTo(201);
            return Digest.sha256(manifest);
        });
        assertThat(new HashSet<>(pushed)).hasSize(8);
        String onA = send(A, "HEAD", "/v2/race/tag/manifests/latest", null, null).headers().firstValue("Docker-Content-Digest").orElseThrow();
        String onB = send(B, "HEAD", "/v2/race/tag/manifests/latest", null, null).headers().firstValue("Docker-Content-Digest").orElseThrow();
        assertThat(onB).isEqualTo(onA);
        assertThat(pushed).contains(Digest.parse(onA));
        assertThat(text(send(B, "GET", "/v2/race/tag/tags/list", null, null))).isEqualTo("{\"name\":\"race/tag\",\"tags\":[\"latest\"]}");
        for (Digest manifest : pushed) {
            assertThat(send(A, "GET", "/v2/race/tag/manifests/" + manifest, null, null).statusCode()).isEqualTo(200);
            assertThat(send(B, "GET", "/v2/race/tag/manifests/" + manifest, null, null).statusCode()).isEqualTo(200);
        }
    }

    private interface Client<T> {
        T run(int client) throws Exception;
    }

    /** Runs {@code clients} at once (released together) and returns what each acknowledged, in client order. */
    private static <T> List<T> race(int clients, Client<T> work) throws Exception {
        CyclicBarrier together = new CyclicBarrier(clients);
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int client = i;
                Callable<T> task = () -> {
                    together.await();
                    return work.run(client);
                };
                futures.add(pool.submit(task));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        }
    }

    private static Digest monolithic(int node, String repository, byte[] content) throws Exception {
        Digest digest = Digest.sha256(content);
        HttpResponse<byte[]> r = send(node, "POST", "/v2/" + repository + "/blobs/uploads/?digest=" + digest, content, "application/octet-stream");
        assertThat(r.statusCode()).as(text(r)).isEqualTo(201);
        return digest;
    }

    /** A chunked upload started on {@code first}, each PATCH and the closing PUT on the other node than the request before. */
    private static Digest chunked(int first, String repository, byte[] content, int chunk) throws Exception {
        int node = first;
        HttpResponse<byte[]> started = send(node, "POST", "/v2/" + repository + "/blobs/uploads/", null, null);
        assertThat(started.statusCode()).as(text(started)).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        for (int from = 0; from < content.length; from += chunk) {
            int to = Math.min(content.length, from + chunk);
            node = 1 - node;
            HttpRequest.Builder patch = HttpRequest.newBuilder(registry.uri(node, location))
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(content, from, to)))
                    .header("Content-Type", "application/octet-stream").header("Content-Range", from + "-" + (to - 1));
            HttpResponse<byte[]> patched = registry.send(patch);
            assertThat(patched.statusCode()).as("PATCH at %d on node %d: %s", from, node, text(patched)).isEqualTo(202);
            location = patched.headers().firstValue("Location").orElseThrow();
        }
        node = 1 - node;
        Digest digest = Digest.sha256(content);
        URI finish = registry.uri(node, location + (location.contains("?") ? "&" : "?") + "digest=" + digest);
        HttpResponse<byte[]> put = registry.send(HttpRequest.newBuilder(finish).PUT(HttpRequest.BodyPublishers.noBody()));
        assertThat(put.statusCode()).as("PUT on node %d: %s", node, text(put)).isEqualTo(201);
        return Digest.parse(put.headers().firstValue("Docker-Content-Digest").orElseThrow());
    }

    private static HttpResponse<byte[]> send(int node, String method, String path, byte[] body, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(registry.uri(node, path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return registry.send(request);
    }
}
