package dev.gantry.registry.server;

import dev.gantry.registry.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** Logging is the process's to configure: a server embedded in another program leaves Jetty's log level alone. */
class JvmLoggingTest {
    @Test
    void startingAServerLeavesJettysLogLevelAsTheProcessSetIt(@TempDir Path dir) throws Exception {
        try (TestRegistry registry = new TestRegistry(dir)) {
            assertThat(registry.send(java.net.http.HttpRequest.newBuilder(registry.uri("/v2/"))).statusCode()).isEqualTo(200);
            assertThat(Logger.getLogger("org.eclipse.jetty").getLevel()).isNull();
        }
    }
}
