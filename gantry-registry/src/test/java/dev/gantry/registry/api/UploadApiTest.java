package dev.gantry.registry.api;

import dev.gantry.digest.Digest;
import dev.gantry.registry.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.gantry.registry.testing.TestRegistry.text;
import static org.assertj.core.api.Assertions.assertThat;

/** spec.md "Pushing blobs": POST, monolithic, chunked PATCH, streamed PATCH, PUT, status GET, DELETE, mount. */
class UploadApiTest {
    @TempDir
    static Path dir;
    static TestRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        registry = new TestRegistry(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        registry.close();
    }

    private static String startSession(String repo) throws Exception {
        HttpResponse<byte[]> r = registry.send("POST", "/v2/" + repo + "/blobs/uploads/", null, Map.of());
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.headers().firstValue("Range")).hasValue("0-0");
        assertThat(r.headers().firstValue("Content-Length")).hasValue("0");
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/v2/" + repo + "/blobs/uploads/");
        return location;
    }

    private static HttpResponse<byte[]> patch(String location, byte[] chunk, String contentRange) throws Exception {
        return registry.send("PATCH", location, chunk, contentRange == null
                ? Map.of("Content-Type", "application/octet-stream")
                : Map.of("Content-Type", "application/octet-stream", "Content-Range", contentRange));
    }

    private static String withDigest(String location, Digest digest) {
        return location + (location.contains("?") ? "&" : "?") + "digest=" + digest;
    }

    @Test
    void postThenPutMonolithicIs201WithLocationAndDigest() throws Exception {
        byte[] content = "monolithic".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(content);
        String location = startSession("up/mono");
        HttpResponse<byte[]> put = registry.send("PUT", withDigest(location, digest), content, Map.of());
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(put.headers().firstValue("Location")).hasValue("/v2/up/mono/blobs/" + digest);
        assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
        assertThat(registry.get("/v2/up/mono/blobs/" + digest).body()).isEqualTo(content);
    }

    @Test
    void postWithDigestIsOneRequestUpload() throws Exception {
        byte[] content = "single post".getBytes(StandardCharsets.UTF_8);
        Digest digest = registry.pushBlob("up/single", content);
        assertThat(registry.get("/v2/up/single/blobs/" + digest).body()).isEqualTo(content);
    }

    @Test
    void chunksInOrderThenPutCompletes() throws Exception {
        byte[] content = "first-second-third".getBytes(StandardCharsets.UTF_8);
        String location = startSession("up/chunked");
        HttpResponse<byte[]> first = patch(location, Arrays.copyOfRange(content, 0, 6), "0-5");
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.headers().firstValue("Range")).hasValue("0-5");
        String next = first.headers().firstValue("Location").orElseThrow();
        HttpResponse<byte[]> second = patch(next, Arrays.copyOfRange(content, 6, 13), "6-12");
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(second.headers().firstValue("Range")).hasValue("0-12");
        HttpResponse<byte[]> last = registry.send("PUT", withDigest(next, Digest.sha256(content)),
                Arrays.copyOfRange(content, 13, content.length), Map.of("Content-Range", "13-17"));
        assertThat(last.statusCode()).isEqualTo(201);
        assertThat(registry.get("/v2/up/chunked/blobs/" + Digest.sha256(content)).body()).isEqualTo(content);
    }

    @Test
    void outOfOrderChunkIs416WithTheCurrentRange() throws Exception {
        String location = startSession("up/order");
        assertThat(patch(location, "abc".getBytes(StandardCharsets.UTF_8), "0-2").statusCode()).isEqualTo(202);
        HttpResponse<byte[]> gap = patch(location, "xyz".getBytes(StandardCharsets.UTF_8), "5-7");
        assertThat(gap.statusCode()).isEqualTo(416);
        assertThat(gap.headers().firstValue("Range")).hasValue("0-2");
        assertThat(gap.headers().firstValue("Location")).hasValue(location);
        HttpResponse<byte[]> overlap = patch(location, "bcd".getBytes(StandardCharsets.UTF_8), "1-3");
        assertThat(overlap.statusCode()).isEqualTo(416);
        // the refused chunks left nothing behind: the upload resumes at 3
        assertThat(patch(location, "def".getBytes(StandardCharsets.UTF_8), "3-5").statusCode()).isEqualTo(202);
    }

    @Test
    void malformedContentRangeIs416() throws Exception {
        String location = startSession("up/badrange");
        assertThat(patch(location, "abc".getBytes(StandardCharsets.UTF_8), "zero-two").statusCode()).isEqualTo(416);
        assertThat(patch(location, "abc".getBytes(StandardCharsets.UTF_8), "0-9").statusCode()).isEqualTo(416);
    }

    @Test
    void streamedPatchWithoutContentRangeAppends() throws Exception {
        String location = startSession("up/stream");
        byte[] part = "streamed ".getBytes(StandardCharsets.UTF_8);
        // A streamed body (no Content-Length): chunked transfer encoding.
        HttpResponse<byte[]> r = registry.send(HttpRequest.newBuilder(registry.uri(location))
                .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(part))));
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.headers().firstValue("Range")).hasValue("0-" + (part.length - 1));
        HttpResponse<byte[]> again = patch(location, part, null);
        assertThat(again.headers().firstValue("Range")).hasValue("0-" + (2 * part.length - 1));
        byte[] whole = "streamed streamed ".getBytes(StandardCharsets.UTF_8);
        assertThat(registry.send("PUT", withDigest(location, Digest.sha256(whole)), null, Map.of()).statusCode()).isEqualTo(201);
    }

    @Test
    void statusGetIs204WithOffset() throws Exception {
        String location = startSession("up/status");
        patch(location, "12345".getBytes(StandardCharsets.UTF_8), "0-4");
        HttpResponse<byte[]> r = registry.get(location);
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Range")).hasValue("0-4");
        assertThat(r.headers().firstValue("Location")).hasValue(location);
    }

    @Test
    void wrongDigestIs400DigestInvalidAndCancelsTheSession() throws Exception {
        String location = startSession("up/wrong");
        Digest other = Digest.sha256("something else".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = registry.send("PUT", withDigest(location, other), "content".getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(text(r)).contains("DIGEST_INVALID");
        assertThat(registry.get(location).statusCode()).isEqualTo(404);
        assertThat(registry.head("/v2/up/wrong/blobs/" + other).statusCode()).isEqualTo(404);
    }

    @Test
    void putWithoutDigestIs400() throws Exception {
        String location = startSession("up/nodigest");
        assertThat(registry.send("PUT", location, new byte[0], Map.of()).statusCode()).isEqualTo(400);
    }

    @Test
    void deleteCancelsThen404BlobUploadUnknown() throws Exception {
        String location = startSession("up/cancel");
        assertThat(registry.delete(location).statusCode()).isEqualTo(204);
        HttpResponse<byte[]> r = registry.get(location);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(text(r)).contains("BLOB_UPLOAD_UNKNOWN");
        assertThat(registry.get("/v2/up/cancel/blobs/uploads/not-a-session").statusCode()).isEqualTo(404);
    }

    @Test
    void mountFromAnotherRepositoryIs201() throws Exception {
        Digest d = registry.pushBlob("up/source", "mount me".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = registry.send("POST", "/v2/up/target/blobs/uploads/?mount=" + d + "&from=up/source", null, Map.of());
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location")).hasValue("/v2/up/target/blobs/" + d);
        assertThat(r.headers().firstValue("Docker-Content-Digest")).hasValue(d.toString());
        assertThat(registry.head("/v2/up/target/blobs/" + d).statusCode()).isEqualTo(200);
    }

    @Test
    void mountWithoutFromUsesAnyBlobTheRegistryHolds() throws Exception {
        Digest d = registry.pushBlob("up/somewhere", "known blob".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = registry.send("POST", "/v2/up/nofrom/blobs/uploads/?mount=" + d, null, Map.of());
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(registry.head("/v2/up/nofrom/blobs/" + d).statusCode()).isEqualTo(200);
    }

    @Test
    void mountOfUnknownBlobFallsBackToAnUploadSession() throws Exception {
        Digest unknown = Digest.sha256("never pushed".getBytes(StandardCharsets.UTF_8));
        for (String query : List.of("?mount=" + unknown + "&from=up/source", "?mount=" + unknown)) {
            HttpResponse<byte[]> r = registry.send("POST", "/v2/up/fallback/blobs/uploads/" + query, null, Map.of());
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(r.headers().firstValue("Location")).get().asString().startsWith("/v2/up/fallback/blobs/uploads/");
        }
    }

    @Test
    void sessionSurvivesARestartAndFinishesWithTheRightDigest() throws Exception {
        byte[] content = "before restart|after restart".getBytes(StandardCharsets.UTF_8);
        String location = startSession("up/restart");
        patch(location, Arrays.copyOfRange(content, 0, 15), "0-14");
        registry.restart();
        HttpResponse<byte[]> status = registry.get(location);
        assertThat(status.statusCode()).isEqualTo(204);
        assertThat(status.headers().firstValue("Range")).hasValue("0-14");
        assertThat(patch(location, Arrays.copyOfRange(content, 15, content.length), "15-" + (content.length - 1)).statusCode()).isEqualTo(202);
        Digest digest = Digest.sha256(content);
        assertThat(registry.send("PUT", withDigest(location, digest), null, Map.of()).statusCode()).isEqualTo(201);
        assertThat(registry.get("/v2/up/restart/blobs/" + digest).body()).isEqualTo(content);
    }
}
