package dev.gantry.registry.server;

import dev.gantry.digest.Digest;
import dev.gantry.registry.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static dev.gantry.registry.testing.TestRegistry.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The operational endpoints and modes: /healthz, /metrics, --read-only. */
class OperationsEndpointsTest {
    @TempDir
    Path dir;

    @Test
    void healthzIsOkAndMetricsCountRequestsByMethodAndCode() throws Exception {
        try (TestRegistry registry = new TestRegistry(dir)) {
            assertThat(registry.get("/healthz").statusCode()).isEqualTo(200);
            registry.get("/v2/");
            registry.get("/v2/x/manifests/missing");
            // The request log (which feeds the counters) runs after the response is sent: poll until it has run
            // (the cap only keeps a broken counter from hanging the test; a loaded machine may need seconds).
            String metrics = "";
            for (int i = 0; i < 1500 && !metrics.contains("code=\"404\""); i++) {
                Thread.sleep(20);
                metrics = text(registry.get("/metrics"));
            }
            assertThat(metrics).contains("gantry_http_requests_total{method=\"GET\",code=\"200\"}")
                    .contains("gantry_http_requests_total{method=\"GET\",code=\"404\"} 1")
                    .contains("gantry_jvm_heap_used_bytes ");
        }
    }

    @Test
    void readOnlyServesPullsAndRefusesPushesAndDeletes() throws Exception {
        Digest digest;
        try (TestRegistry registry = new TestRegistry(dir)) {
            digest = registry.pushBlob("ro/repo", "pushed before".getBytes(StandardCharsets.UTF_8));
        }
        RegistryConfig config = RegistryConfig.defaults().withAddress("127.0.0.1", 0).withDataDir(dir).withAccessLog(false)
                .withShutdownGrace(Duration.ZERO).withReadOnly(true);
        try (RegistryServer server = new RegistryServer(config, null).start()) {
            HttpClient client = HttpClient.newHttpClient();
            var get = client.send(HttpRequest.newBuilder(server.baseUri().resolve("/v2/ro/repo/blobs/" + digest)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(200);
            var post = client.send(HttpRequest.newBuilder(server.baseUri().resolve("/v2/ro/repo/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.body()).contains("UNSUPPORTED");
            var delete = client.send(HttpRequest.newBuilder(server.baseUri().resolve("/v2/ro/repo/blobs/" + digest))
                    .DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(delete.statusCode()).isEqualTo(405);
        }
    }
}
