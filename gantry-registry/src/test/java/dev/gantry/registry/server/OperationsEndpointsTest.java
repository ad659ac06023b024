package dev.gantry.registry.server;

import dev.gantry.registry.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.gantry.registry.testing.TestRegistry.text;
import static org.assertj.core.api.Assertions.assertThat;

class OperationsEndpointsTest {
    @TempDir
    Path dir;

    @Test
    void healthzIsOkAndMetricsCountRequestsByMethodAndCode() throws Exception {
        try (TestRegistry registry = new TestRegistry(dir)) {
            assertThat(registry.get("/healthz").statusCode()).isEqualTo(200);
            registry.get("/v2/");
            registry.get("/v2/x/manifests/missing");
            // The request log (which feeds the counters) runs after the response is sent: poll briefly.
            String metrics = "";
            for (int i = 0; i < 50 && !metrics.contains("code=\"404\""); i++) {
                Thread.sleep(20);
                metrics = text(registry.get("/metrics"));
            }
            assertThat(metrics).contains("gantry_http_requests_total{method=\"GET\",code=\"200\"}")
                    .contains("gantry_http_requests_total{method=\"GET\",code=\"404\"} 1")
                    .contains("gantry_jvm_heap_used_bytes ");
        }
    }
}
