package dev.gantry.registry.api;

import dev.gantry.digest.Digest;
import dev.gantry.registry.testing.TestDriverProviders;
import dev.gantry.registry.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A driver that issues URLs (a presigning object store) gets blob GETs and HEADs answered with 307 to them. */
class BlobRedirectTest {
    @TempDir
    Path dir;

    @Test
    void blobReadsAreRedirectedToTheDriversUrlAndUnknownBlobsStay404() throws Exception {
        try (TestRegistry registry = new TestRegistry(dir, config -> config.withStorage(
                TestDriverProviders.redirecting(dir, "https://bucket.example.invalid/store")))) {
            Digest digest = registry.pushBlob("redirect/me", "redirected bytes".getBytes());
            String data = "/blobs/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex() + "/data";
            for (String method : new String[] {"GET", "HEAD"}) {
                HttpResponse<byte[]> r = registry.send(method, "/v2/redirect/me/blobs/" + digest, null, java.util.Map.of());
                assertThat(r.statusCode()).as(method).isEqualTo(307);
                assertThat(r.headers().firstValue("Location")).hasValue("https://bucket.example.invalid/store" + data + "?method=" + method);
                assertThat(r.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
            }
            Digest absent = Digest.sha256("never pushed".getBytes());
            assertThat(registry.get("/v2/redirect/me/blobs/" + absent).statusCode()).isEqualTo(404);
            // linked elsewhere only: unknown here, never redirected
            assertThat(registry.get("/v2/redirect/other/blobs/" + digest).statusCode()).isEqualTo(404);
        }
    }
}
