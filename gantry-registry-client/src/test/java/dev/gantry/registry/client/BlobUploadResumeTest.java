package dev.gantry.registry.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.digest.Digest;
import dev.gantry.oci.Descriptor;
import dev.gantry.registry.client.http.HttpTransport;
import dev.gantry.registry.client.http.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resuming against a registry that keeps what a failed PATCH delivered and reports it, as the
 * distribution spec describes (a JDK HttpServer that stores half of one PATCH and answers 500).
 */
class BlobUploadResumeTest {
    private static final int CHUNK = 1000;

    @Test
    void aPatchAnswered5xxAfterPartOfItsBodyResumesFromTheReportedOffset() throws IOException {
        byte[] content = new byte[3 * CHUNK + 17];
        new Random(3).nextBytes(content);
        Descriptor blob = new Descriptor("application/octet-stream", Digest.sha256(content), content.length);
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        List<String> ranges = new ArrayList<>();
        long[] received = {0};
        String[] committed = {null};
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String upload = "/v2/r/blobs/uploads/u1";
            if (path.equals("/v2/")) {
                reply(exchange, 200, null);
            } else if (method.equals("POST")) {
                reply(exchange, 202, upload);
            } else if (method.equals("PATCH")) {
                received[0] += body.length;
                ranges.add(exchange.getRequestHeaders().getFirst("Content-Range"));
                if (ranges.size() == 2) {
                    stored.write(body, 0, body.length / 2);
                    reply(exchange, 500, null);
                } else {
                    stored.write(body, 0, body.length);
                    exchange.getResponseHeaders().add("Range", "0-" + (stored.size() - 1));
                    reply(exchange, 202, upload);
                }
            } else if (method.equals("GET")) {
                exchange.getResponseHeaders().add("Range", "0-" + (stored.size() - 1));
                reply(exchange, 204, upload);
            } else if (method.equals("PUT")) {
                committed[0] = exchange.getRequestURI().getQuery();
                reply(exchange, 201, null);
            } else {
                reply(exchange, 405, null);
            }
        });
        server.start();
        try (RegistrySession session = RegistrySession.at("127.0.0.1:" + server.getAddress().getPort(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), new HttpTransport(false, RetryPolicy.NONE),
                x -> Optional.empty())) {
            new RegistryClient(session, "r", true).putBlob(blob, new ByteArrayInputStream(content), new UploadPolicy(0, CHUNK));
        } finally {
            server.stop(0);
        }

        assertThat(stored.toByteArray()).isEqualTo(content);
        assertThat(ranges).containsExactly("0-999", "1000-1999", "1500-1999", "2000-2999", "3000-3016");
        assertThat(received[0]).isEqualTo(content.length + CHUNK / 2);
        assertThat(committed[0]).isEqualTo("digest=" + blob.digest());
    }

    private static void reply(HttpExchange exchange, int status, String location) throws IOException {
        if (location != null) {
            exchange.getResponseHeaders().add("Location", location);
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }
}
