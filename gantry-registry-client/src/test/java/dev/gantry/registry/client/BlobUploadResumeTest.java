package dev.gantry.registry.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.digest.Digest;
import dev.gantry.error.DigestMismatchException;
import dev.gantry.oci.Descriptor;
import dev.gantry.registry.client.UploadRecordingRegistry.Received;
import dev.gantry.registry.client.http.HttpTransport;
import dev.gantry.registry.client.http.RetryPolicy;
import dev.gantry.transport.BlobOpener;
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
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A blob streamed in one PATCH whose request fails continues from the offset the registry
 * reports, with the source opened again there, and is still verified over every byte; against
 * registries on JDK HttpServers that keep what a failed PATCH delivered, as the distribution
 * spec describes.
 */
class BlobUploadResumeTest {
    private static final int MIB = 1 << 20;

    @Test
    void aStreamedPatchCutMidwayContinuesFromTheRegistrysOffsetWithoutSendingTheStartAgain() throws IOException {
        byte[] content = random(10 * MIB + 17, 1);
        Descriptor blob = descriptor(content);
        // The registry read 7 MiB of the PATCH but kept only 6 MiB + 300 bytes when the connection dropped.
        long kept = 6L * MIB + 300;
        List<Long> opened = new CopyOnWriteArrayList<>();
        try (UploadRecordingRegistry registry = new UploadRecordingRegistry().cutting(n -> n == 1, 7L * MIB, kept)) {
            new RegistryClient(registry.session(), "r", true).putBlob(blob, opening(content, opened), UploadPolicy.DEFAULT);

            assertThat(registry.blob(blob.digest())).hasValue(content);
            List<Received> patches = registry.requests("PATCH");
            assertThat(patches).extracting(Received::contentRange)
                    .containsExactly("0-" + (content.length - 1), kept + "-" + (content.length - 1));
            assertThat(patches.get(1).bodyBytes()).isEqualTo(content.length - kept);
            assertThat(registry.requests()).extracting(Received::method)
                    .containsExactly("POST", "PATCH", "GET", "PATCH", "PUT");
        }
        // Opened again at the last hash state before the registry's offset, so only the bytes between are read twice.
        assertThat(opened).hasSize(2);
        assertThat(opened.get(0)).isZero();
        assertThat(opened.get(1)).isLessThanOrEqualTo(kept).isGreaterThan(kept - ResumePoints.INTERVAL);
    }

    @Test
    void aBlobWhoseReopenedSourceDiffersIsRefusedBeforeTheUploadCompletes() throws IOException {
        byte[] content = random(3 * MIB, 2);
        Descriptor blob = descriptor(content);
        byte[] changed = content.clone();
        changed[changed.length - 10] ^= 0x40;
        List<Long> opened = new CopyOnWriteArrayList<>();
        BlobOpener source = at -> {
            opened.add(at);
            return new ByteArrayInputStream(opened.size() == 1 ? content : changed, (int) at, content.length - (int) at);
        };
        try (UploadRecordingRegistry registry = new UploadRecordingRegistry().cutting(n -> n == 1, MIB, MIB / 2)) {
            RegistryClient client = new RegistryClient(registry.session(), "r", true);

            assertThatThrownBy(() -> client.putBlob(blob, source, UploadPolicy.DEFAULT))
                    .isInstanceOf(DigestMismatchException.class)
                    .hasMessageContaining(blob.digest().toString());
            assertThat(registry.blob(blob.digest())).isEmpty();
            // The continued PATCH was broken off short of its last bytes, no PUT completed it, and the session was cancelled.
            Received continued = registry.requests("PATCH").get(1);
            assertThat(continued.status()).isEqualTo(-1);
            assertThat(continued.bodyBytes()).isLessThan(content.length - MIB / 2);
            assertThat(registry.requests("PUT")).isEmpty();
            assertThat(registry.requests().getLast().method()).isEqualTo("DELETE");
        }
        assertThat(opened).hasSize(2);
    }

    @Test
    void aOneShotStreamCutMidwayFailsAndCancelsTheSession() throws IOException {
        byte[] content = random(3 * MIB, 3);
        Descriptor blob = descriptor(content);
        try (UploadRecordingRegistry registry = new UploadRecordingRegistry().cutting(n -> n == 1, MIB, MIB / 2)) {
            RegistryClient client = new RegistryClient(registry.session(), "r", true);

            assertThatThrownBy(() -> client.putBlob(blob, new ByteArrayInputStream(content), UploadPolicy.DEFAULT))
                    .isInstanceOf(IOException.class);
            assertThat(registry.requests()).extracting(Received::method).containsExactly("POST", "PATCH", "DELETE");
        }
    }

    @Test
    void aCutRequestIsContinuedAgainAfterEachFailureThatMadeProgress() throws IOException {
        byte[] content = random(9 * MIB, 4);
        Descriptor blob = descriptor(content);
        // Every PATCH is cut after 2 MiB, keeping 1.5: more failures than MAX_RESUMES, but each moved the upload on.
        try (UploadRecordingRegistry registry = new UploadRecordingRegistry().cutting(n -> n <= 5, 2L * MIB, 3L * MIB / 2)) {
            new RegistryClient(registry.session(), "r", true).putBlob(blob, opening(content, new ArrayList<>()), UploadPolicy.DEFAULT);

            assertThat(registry.blob(blob.digest())).hasValue(content);
            assertThat(registry.requests("PATCH")).hasSize(6).extracting(Received::contentRange)
                    .allSatisfy(range -> assertThat(range).endsWith("-" + (content.length - 1)))
                    .element(5).isEqualTo(15L * MIB / 2 + "-" + (content.length - 1));
        }
    }

    @Test
    void aChunkAnswered5xxAfterPartOfItsBodyContinuesFromTheReportedOffset() throws IOException {
        final int chunk = 1000;
        byte[] content = random(3 * chunk + 17, 3);
        Descriptor blob = descriptor(content);
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
            new RegistryClient(session, "r", true).putBlob(blob, opening(content, new ArrayList<>()), UploadPolicy.chunked(0, chunk));
        } finally {
            server.stop(0);
        }

        assertThat(stored.toByteArray()).isEqualTo(content);
        // Continued from the registry's offset in chunks of at most the chunk size.
        assertThat(ranges).containsExactly("0-999", "1000-1999", "1500-2499", "2500-3016");
        assertThat(received[0]).isEqualTo(content.length + chunk / 2);
        assertThat(committed[0]).isEqualTo("digest=" + blob.digest());
    }

    /** The source from any offset, each offset asked for recorded. */
    static BlobOpener opening(byte[] content, List<Long> opened) {
        return at -> {
            opened.add(at);
            return new ByteArrayInputStream(content, (int) at, content.length - (int) at);
        };
    }

    static byte[] random(int size, long seed) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return content;
    }

    static Descriptor descriptor(byte[] content) {
        return new Descriptor("application/vnd.oci.image.layer.v1.tar", Digest.sha256(content), content.length);
    }

    private static void reply(HttpExchange exchange, int status, String location) throws IOException {
        if (location != null) {
            exchange.getResponseHeaders().add("Location", location);
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }
}
