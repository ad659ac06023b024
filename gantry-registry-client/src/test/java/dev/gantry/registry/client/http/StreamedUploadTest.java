package dev.gantry.registry.client.http;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** A streamed body over the JDK HttpClient arrives whole, and the library never touches JVM-wide settings to send it. */
class StreamedUploadTest {
    @Test
    void aStreamedPutArrivesWholeAndLeavesJdkHttpclientBufsizeUnset() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicReference<byte[]> received = new AtomicReference<>();
        server.createContext("/upload", ex -> {
            received.set(ex.getRequestBody().readAllBytes());
            ex.sendResponseHeaders(201, -1);
            ex.close();
        });
        server.start();
        byte[] data = new byte[(1 << 20) + 12345];
        new Random(7).nextBytes(data);
        try (HttpTransport http = new HttpTransport(false, new RetryPolicy(1, Duration.ZERO, Duration.ZERO))) {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/upload");
            try (Response r = http.send(new Request("PUT", uri, Map.of(), Body.stream(new ByteArrayInputStream(data), data.length)),
                    u -> null)) {
                assertThat(r.status()).isEqualTo(201);
            }
        } finally {
            server.stop(0);
        }
        assertThat(received.get()).isEqualTo(data);
        // The process's choice (gantry's Main sets it); a library embedded elsewhere must not.
        assertThat(System.getProperty("jdk.httpclient.bufsize")).isNull();
    }
}
