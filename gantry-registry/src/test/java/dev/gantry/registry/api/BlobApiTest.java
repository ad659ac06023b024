package dev.gantry.registry.api;

import dev.gantry.digest.Digest;
import dev.gantry.digest.DigestAlgorithm;
import dev.gantry.registry.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static dev.gantry.registry.testing.TestRegistry.text;
import static org.assertj.core.api.Assertions.assertThat;

/** spec.md "Pulling blobs", "Checking if content exists", "Deleting blobs": GET/HEAD with Range, DELETE. */
class BlobApiTest {
    @TempDir
    static Path dir;
    static TestRegistry registry;
    static final byte[] CONTENT = "0123456789".getBytes(StandardCharsets.UTF_8);
    static Digest digest;

    @BeforeAll
    static void start() throws Exception {
        registry = new TestRegistry(dir);
        digest = registry.pushBlob("blobs/test", CONTENT);
    }

    @AfterAll
    static void stop() throws Exception {
        registry.close();
    }

    @Test
    void pingAnswers200WithApiVersion() throws Exception {
        HttpResponse<byte[]> r = registry.get("/v2/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Docker-Distribution-API-Version")).hasValue("registry/2.0");
    }

    @Test
    void getReturnsTheBytesWithDigestAndLength() throws Exception {
        HttpResponse<byte[]> r = registry.get("/v2/blobs/test/blobs/" + digest);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(CONTENT);
        assertThat(r.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
        assertThat(r.headers().firstValue("Content-Length")).hasValue("10");
    }

    @Test
    void headReturnsLengthAndNoBody() throws Exception {
        HttpResponse<byte[]> r = registry.head("/v2/blobs/test/blobs/" + digest);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("Content-Length")).hasValue("10");
        assertThat(r.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
    }

    @Test
    void rangeReturns206WithContentRange() throws Exception {
        HttpResponse<byte[]> r = registry.send("GET", "/v2/blobs/test/blobs/" + digest, null, Map.of("Range", "bytes=2-5"));
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(text(r)).isEqualTo("2345");
        assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 2-5/10");
    }

    @Test
    void rangeEdgesOpenEndedSuffixAndEndPastSize() throws Exception {
        assertThat(text(range("bytes=7-"))).isEqualTo("789");
        assertThat(text(range("bytes=-3"))).isEqualTo("789");
        HttpResponse<byte[]> clipped = range("bytes=9-100");
        assertThat(clipped.statusCode()).isEqualTo(206);
        assertThat(text(clipped)).isEqualTo("9");
        assertThat(clipped.headers().firstValue("Content-Range")).hasValue("bytes 9-9/10");
    }

    @Test
    void rangeStartingAtOrPastTheEndIs416() throws Exception {
        HttpResponse<byte[]> r = range("bytes=10-");
        assertThat(r.statusCode()).isEqualTo(416);
        assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes */10");
    }

    @Test
    void malformedRangeIsIgnoredAndTheWholeBlobSent() throws Exception {
        HttpResponse<byte[]> r = range("bytes=abc");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(CONTENT);
    }

    private HttpResponse<byte[]> range(String header) throws Exception {
        return registry.send("GET", "/v2/blobs/test/blobs/" + digest, null, Map.of("Range", header));
    }

    @Test
    void unknownBlobIs404BlobUnknownWithJsonError() throws Exception {
        Digest missing = Digest.sha256("missing".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = registry.get("/v2/blobs/test/blobs/" + missing);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(text(r)).contains("\"code\":\"BLOB_UNKNOWN\"").contains(missing.toString());
    }

    @Test
    void blobOfAnotherRepositoryIsUnknownHere() throws Exception {
        assertThat(registry.head("/v2/blobs/other/blobs/" + digest).statusCode()).isEqualTo(404);
    }

    @Test
    void malformedDigestIs400DigestInvalid() throws Exception {
        HttpResponse<byte[]> r = registry.get("/v2/blobs/test/blobs/sha256:1234");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(text(r)).contains("DIGEST_INVALID");
    }

    @Test
    void emptyBlobIsServedWithZeroLength() throws Exception {
        Digest empty = registry.pushBlob("blobs/empty", new byte[0]);
        assertThat(empty.toString()).isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        HttpResponse<byte[]> r = registry.get("/v2/blobs/empty/blobs/" + empty);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("Content-Length")).hasValue("0");
    }

    @Test
    void sha512BlobsUploadAndServe() throws Exception {
        byte[] content = "sha512 content".getBytes(StandardCharsets.UTF_8);
        Digest sha512 = Digest.of(DigestAlgorithm.SHA512, content);
        HttpResponse<byte[]> put = registry.send("POST", "/v2/blobs/sha512/blobs/uploads/?digest=" + sha512, content, Map.of());
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(put.headers().firstValue("Location")).hasValue("/v2/blobs/sha512/blobs/" + sha512);
        HttpResponse<byte[]> r = registry.get("/v2/blobs/sha512/blobs/" + sha512);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(content);
    }

    @Test
    void deleteUnlinksFromTheRepositoryThen404() throws Exception {
        Digest d = registry.pushBlob("blobs/delete", "to delete".getBytes(StandardCharsets.UTF_8));
        registry.pushBlob("blobs/keeper", "to delete".getBytes(StandardCharsets.UTF_8));
        assertThat(registry.delete("/v2/blobs/delete/blobs/" + d).statusCode()).isEqualTo(202);
        assertThat(registry.head("/v2/blobs/delete/blobs/" + d).statusCode()).isEqualTo(404);
        assertThat(registry.delete("/v2/blobs/delete/blobs/" + d).statusCode()).isEqualTo(404);
        // the shared bytes stay for the other repository
        assertThat(registry.head("/v2/blobs/keeper/blobs/" + d).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405Unsupported() throws Exception {
        assertThat(registry.get("/v3/").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> r = registry.send("POST", "/v2/blobs/test/blobs/" + digest, new byte[0], Map.of());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(text(r)).contains("UNSUPPORTED");
    }
}
