package dev.gantry.registry.s3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.digest.Digest;
import dev.gantry.oci.Json;
import dev.gantry.registry.server.RegistryConfigFile;
import dev.gantry.registry.storage.StorageConfig;
import dev.gantry.registry.testing.TestRegistry;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry server configured as {@code gantry serve --config} reads it, with
 * {@code "storage": {"driver": "s3", ...}}: the driver is found through ServiceLoader, a skopeo push
 * lands in the bucket (not on local disk) and is served back bit-identical, a chunked upload larger
 * than a multipart part assembles correctly and serves ranges, and {@code redirect} sends blob GETs
 * to presigned URLs the object store serves itself.
 */
class S3RegistryEndToEndTest {
    @TempDir
    static Path dir;
    private static S3Proxy s3;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3Proxy.start();
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    /** A registry over a new bucket, its storage read from a config file as {@code gantry serve --config} does. */
    private static TestRegistry registry(String name, String extraOptions) throws Exception {
        StorageConfig options = s3.newStorage(Map.of());
        StringBuilder storage = new StringBuilder("{\"driver\": \"s3\"");
        for (var option : options.options().entrySet()) {
            String value = option.getKey().equals("pathStyle") ? option.getValue() : "\"" + option.getValue() + "\"";
            storage.append(", \"").append(option.getKey()).append("\": ").append(value);
        }
        storage.append(extraOptions).append('}');
        Path config = dir.resolve(name + ".json");
        Files.writeString(config, "{\"storage\": " + storage + "}");
        StorageConfig parsed = RegistryConfigFile.read(config).storage();
        return new TestRegistry(dir.resolve(name + "-unused-data"), c -> c.withStorage(parsed));
    }

    @Test
    void skopeoPushIsServedBackBitIdentical() throws Exception {
        PeerTools.assumeInstalled("skopeo", "umoci");
        Path layout = Fixtures.umociLayout(dir);
        try (TestRegistry registry = registry("skopeo", "")) {
            String remote = "docker://" + registry.hostPort() + "/e2e/umoci:v1";
            Fixtures.skopeo(dir, "copy", "--dest-tls-verify=false", "oci:" + layout + ":" + Fixtures.TAG, remote);
            Path pulled = dir.resolve("pulled");
            Fixtures.skopeo(dir, "copy", "--src-tls-verify=false", remote, "oci:" + pulled + ":back");

            JsonNode index = Json.tree(Files.readAllBytes(pulled.resolve("index.json")), "index.json");
            String manifest = index.path("manifests").get(0).path("digest").asText();
            assertThat(Files.readAllBytes(Fixtures.blob(pulled, manifest))).isEqualTo(Files.readAllBytes(Fixtures.blob(layout, manifest)));
            int blobs = 0;
            try (Stream<Path> files = Files.list(pulled.resolve("blobs/sha256"))) {
                for (Path blob : files.toList()) {
                    String digest = "sha256:" + blob.getFileName();
                    assertThat(Files.readAllBytes(blob)).as(digest).isEqualTo(Files.readAllBytes(Fixtures.blob(layout, digest)));
                    blobs++;
                }
            }
            assertThat(blobs).as("manifest, config and two layers").isGreaterThanOrEqualTo(4);
            assertThat(dir.resolve("skopeo-unused-data")).as("nothing stored on local disk").doesNotExist();
        }
    }

    @Test
    void aChunkedUploadLargerThanAPartAssemblesAndServesRanges() throws Exception {
        byte[] blob = new byte[(13 << 20) + 12345];
        new Random(14).nextBytes(blob);
        Digest digest = Digest.sha256(blob);
        try (TestRegistry registry = registry("chunked", "")) {
            HttpResponse<byte[]> started = registry.send("POST", "/v2/e2e/big/blobs/uploads/", null, Map.of());
            assertThat(started.statusCode()).isEqualTo(202);
            String location = started.headers().firstValue("Location").orElseThrow();
            int chunk = 3 << 20;
            for (int start = 0; start < blob.length; start += chunk) {
                int end = Math.min(blob.length, start + chunk);
                HttpResponse<byte[]> patched = send(registry, "PATCH", location, Arrays.copyOfRange(blob, start, end),
                        Map.of("Content-Type", "application/octet-stream", "Content-Range", start + "-" + (end - 1)));
                assertThat(patched.statusCode()).as("PATCH at %d: %s", start, TestRegistry.text(patched)).isEqualTo(202);
                location = patched.headers().firstValue("Location").orElseThrow();
            }
            String finish = location + (location.contains("?") ? "&" : "?") + "digest=" + digest;
            HttpResponse<byte[]> put = send(registry, "PUT", finish, null, Map.of());
            assertThat(put.statusCode()).as(TestRegistry.text(put)).isEqualTo(201);

            HttpResponse<byte[]> whole = registry.get("/v2/e2e/big/blobs/" + digest);
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(Digest.sha256(whole.body())).isEqualTo(digest);
            HttpResponse<byte[]> range = registry.send(HttpRequest.newBuilder(registry.uri("/v2/e2e/big/blobs/" + digest))
                    .header("Range", "bytes=10485760-10485799").GET());
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(blob, 10485760, 10485800));
        }
    }

    @Test
    void redirectSendsBlobGetsToAPresignedUrlTheStoreServes() throws Exception {
        byte[] blob = "served by the object store itself".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (TestRegistry registry = registry("redirect", ", \"redirect\": true")) {
            Digest digest = registry.pushBlob("e2e/redirect", blob);
            HttpResponse<byte[]> answer = registry.get("/v2/e2e/redirect/blobs/" + digest);
            assertThat(answer.statusCode()).isEqualTo(307);
            URI target = URI.create(answer.headers().firstValue("Location").orElseThrow());
            assertThat(target.toString()).startsWith(s3.endpoint()).contains("X-Amz-Signature");
            HttpResponse<byte[]> fetched = HttpClient.newHttpClient().send(HttpRequest.newBuilder(target).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(fetched.statusCode()).isEqualTo(200);
            assertThat(fetched.body()).isEqualTo(blob);
        }
    }

    private static HttpResponse<byte[]> send(TestRegistry registry, String method, String location, byte[] body,
                                             Map<String, String> headers) throws Exception {
        URI uri = location.startsWith("http") ? URI.create(location) : registry.uri(location);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return registry.send(request);
    }
}
