package dev.gantry.registry.api;

import dev.gantry.digest.Digest;
import dev.gantry.registry.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static dev.gantry.registry.testing.TestRegistry.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chunked upload outlives the server: begun on one RegistryServer, continued and completed on a
 * new one over the same directory, which picks up the hash state the first saved with the session.
 */
class UploadRestartTest {
    @TempDir
    Path dir;

    @Test
    void anUploadStartedBeforeARestartContinuesAndItsDigestVerifies() throws Exception {
        byte[] content = new byte[(2 << 20) + 77];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + i / 4096);
        }
        int cut = (1 << 20) + 3; // mid-block, so the saved state holds a pending partial block
        Digest digest = Digest.sha256(content);
        try (TestRegistry registry = new TestRegistry(dir)) {
            HttpResponse<byte[]> post = registry.send("POST", "/v2/resume/me/blobs/uploads/", null, Map.of());
            String location = post.headers().firstValue("Location").orElseThrow();
            HttpResponse<byte[]> first = registry.send("PATCH", location, Arrays.copyOf(content, cut),
                    Map.of("Content-Type", "application/octet-stream", "Content-Range", "0-" + (cut - 1)));
            assertThat(first.statusCode()).isEqualTo(202);
            String id = location.substring(location.lastIndexOf('/') + 1);
            assertThat(dir.resolve("repositories/resume/me/_uploads/" + id + "/hashstate")).exists();

            registry.restart();

            HttpResponse<byte[]> status = registry.get(location);
            assertThat(status.statusCode()).isEqualTo(204);
            assertThat(status.headers().firstValue("Range")).hasValue("0-" + (cut - 1));
            HttpResponse<byte[]> second = registry.send("PATCH", location, Arrays.copyOfRange(content, cut, content.length - 10),
                    Map.of("Content-Type", "application/octet-stream", "Content-Range", cut + "-" + (content.length - 11)));
            assertThat(second.statusCode()).isEqualTo(202);
            HttpResponse<byte[]> put = registry.send("PUT", location + "?digest=" + digest, Arrays.copyOfRange(content, content.length - 10, content.length),
                    Map.of("Content-Type", "application/octet-stream"));
            assertThat(put.statusCode()).as(text(put)).isEqualTo(201);

            HttpResponse<byte[]> pulled = registry.get("/v2/resume/me/blobs/" + digest);
            assertThat(pulled.statusCode()).isEqualTo(200);
            assertThat(pulled.body()).isEqualTo(content);
            assertThat(Files.exists(dir.resolve("repositories/resume/me/_uploads/" + id))).isFalse();
        }
    }

    @Test
    void aWrongDigestAfterARestartIsStillRefused() throws Exception {
        byte[] content = "bytes that do not hash to the digest given".getBytes();
        try (TestRegistry registry = new TestRegistry(dir)) {
            String location = registry.send("POST", "/v2/resume/bad/blobs/uploads/", null, Map.of()).headers().firstValue("Location").orElseThrow();
            registry.send("PATCH", location, content, Map.of("Content-Type", "application/octet-stream"));
            registry.restart();
            HttpResponse<byte[]> put = registry.send("PUT", location + "?digest=" + Digest.sha256("other".getBytes()), null, Map.of());
            assertThat(put.statusCode()).isEqualTo(400);
            assertThat(text(put)).contains("DIGEST_INVALID");
        }
    }
}
