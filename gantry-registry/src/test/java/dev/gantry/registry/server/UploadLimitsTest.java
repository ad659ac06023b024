package dev.gantry.registry.server;

import dev.gantry.digest.Digest;
import dev.gantry.registry.content.Registry;
import dev.gantry.registry.storage.FileSystemDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** --max-upload-size (413 BLOB_UPLOAD_INVALID, session cancelled) and --max-concurrent-uploads (429 TOOMANYREQUESTS, Retry-After). */
class UploadLimitsTest {
    private static final String UPLOADS = "/v2/lim/repo/blobs/uploads/";

    @TempDir
    Path dir;
    final HttpClient client = HttpClient.newHttpClient();

    private RegistryServer start(long maxSize, int maxConcurrent) throws Exception {
        RegistryConfig config = RegistryConfig.defaults().withAddress("127.0.0.1", 0).withDataDir(dir).withAccessLog(false)
                .withShutdownGrace(Duration.ZERO).withMaxUploadSize(maxSize).withMaxConcurrentUploads(maxConcurrent);
        return new RegistryServer(config, null).start();
    }

    private HttpResponse<String> send(URI uri, String method, HttpRequest.BodyPublisher body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).method(method, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI session(RegistryServer server) throws Exception {
        HttpResponse<String> post = send(server.baseUri().resolve(UPLOADS), "POST", HttpRequest.BodyPublishers.noBody());
        assertThat(post.statusCode()).isEqualTo(202);
        return server.baseUri().resolve(post.headers().firstValue("Location").orElseThrow());
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    private void assertNoSessionKept() throws Exception {
        assertThat(new Registry(new FileSystemDriver(dir)).uploads().sessions("lim/repo")).isEmpty();
    }

    @Test
    void aMonolithicUploadOverTheLimitIsRefusedWith413AndNothingIsKept() throws Exception {
        byte[] blob = bytes(1001);
        Digest digest = Digest.sha256(blob);
        try (RegistryServer server = start(1000, 0)) {
            HttpResponse<String> put = send(server.baseUri().resolve(UPLOADS + "?digest=" + digest), "POST", HttpRequest.BodyPublishers.ofByteArray(blob));
            assertThat(put.statusCode()).isEqualTo(413);
            assertThat(put.body()).contains("BLOB_UPLOAD_INVALID", "limit of 1000 bytes");
            assertThat(send(server.baseUri().resolve("/v2/lim/repo/blobs/" + digest), "HEAD", HttpRequest.BodyPublishers.noBody()).statusCode())
                    .isEqualTo(404);
        }
        assertNoSessionKept();
    }

    @Test
    void aChunkThatCrossesTheLimitCancelsTheSession() throws Exception {
        try (RegistryServer server = start(1000, 0)) {
            URI session = session(server);
            HttpResponse<String> first = client.send(HttpRequest.newBuilder(session).method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes(600)))
                    .header("Content-Range", "0-599").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(first.statusCode()).isEqualTo(202);
            URI next = server.baseUri().resolve(first.headers().firstValue("Location").orElseThrow());
            HttpResponse<String> second = client.send(HttpRequest.newBuilder(next).method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes(600)))
                    .header("Content-Range", "600-1199").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(second.statusCode()).isEqualTo(413);
            assertThat(second.body()).contains("BLOB_UPLOAD_INVALID");
            assertThat(send(next, "GET", HttpRequest.BodyPublishers.noBody()).statusCode()).isEqualTo(404);
        }
        assertNoSessionKept();
    }

    @Test
    void aStreamedBodyWithoutLengthIsStoppedAtTheLimit() throws Exception {
        try (RegistryServer server = start(64 * 1024, 0)) {
            URI session = session(server);
            // ofInputStream has no known length: the JDK client sends it chunked, so only counting can catch it.
            HttpResponse<String> patch = send(session, "PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes(256 * 1024))));
            assertThat(patch.statusCode()).isEqualTo(413);
            assertThat(send(session, "GET", HttpRequest.BodyPublishers.noBody()).statusCode()).isEqualTo(404);
        }
        assertNoSessionKept();
    }

    @Test
    void anUploadAtTheLimitIsAccepted() throws Exception {
        byte[] blob = bytes(1000);
        Digest digest = Digest.sha256(blob);
        try (RegistryServer server = start(1000, 0)) {
            URI session = session(server);
            HttpResponse<String> put = send(URI.create(session + "?digest=" + digest), "PUT", HttpRequest.BodyPublishers.ofByteArray(blob));
            assertThat(put.statusCode()).isEqualTo(201);
        }
    }

    @Test
    void uploadsPastTheConcurrencyLimitGet429WithRetryAfterUntilASessionEnds() throws Exception {
        byte[] blob = bytes(10);
        Digest digest = Digest.sha256(blob);
        try (RegistryServer server = start(0, 2)) {
            URI first = session(server);
            URI second = session(server);
            HttpResponse<String> third = send(server.baseUri().resolve(UPLOADS), "POST", HttpRequest.BodyPublishers.noBody());
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.body()).contains("TOOMANYREQUESTS");
            assertThat(third.headers().firstValue("Retry-After")).hasValue("5");
            HttpResponse<String> monolithic = send(server.baseUri().resolve(UPLOADS + "?digest=" + digest), "POST", HttpRequest.BodyPublishers.ofByteArray(blob));
            assertThat(monolithic.statusCode()).isEqualTo(429);

            assertThat(send(first, "DELETE", HttpRequest.BodyPublishers.noBody()).statusCode()).isEqualTo(204);
            URI replacement = session(server);
            assertThat(send(server.baseUri().resolve(UPLOADS), "POST", HttpRequest.BodyPublishers.noBody()).statusCode()).isEqualTo(429);

            HttpResponse<String> finished = send(URI.create(second + "?digest=" + digest), "PUT", HttpRequest.BodyPublishers.ofByteArray(blob));
            assertThat(finished.statusCode()).isEqualTo(201);
            assertThat(send(server.baseUri().resolve(UPLOADS + "?digest=" + digest), "POST", HttpRequest.BodyPublishers.ofByteArray(blob)).statusCode())
                    .isEqualTo(201);
            assertThat(replacement).isNotNull();
        }
    }
}
