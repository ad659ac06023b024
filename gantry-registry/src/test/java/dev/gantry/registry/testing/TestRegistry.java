package dev.gantry.registry.testing;

import dev.gantry.digest.Digest;
import dev.gantry.registry.server.RegistryConfig;
import dev.gantry.registry.server.RegistryServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A registry on a free 127.0.0.1 port over a temporary directory, and a JDK HttpClient that
 * talks to it. Tests speak raw HTTP so every status and header the spec names is checked as sent.
 */
public final class TestRegistry implements AutoCloseable {
    private final Path data;
    private final UnaryOperator<RegistryConfig> settings;
    private RegistryServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TestRegistry(Path data) throws Exception {
        this(data, UnaryOperator.identity());
    }

    /** A registry that requires Basic authentication against {@code htpasswd}. */
    public TestRegistry(Path data, Path htpasswd) throws Exception {
        this(data, config -> config.withHtpasswd(htpasswd));
    }

    /** A registry with these settings over the defaults (auth, limits...). */
    public TestRegistry(Path data, UnaryOperator<RegistryConfig> settings) throws Exception {
        this.data = data;
        this.settings = settings;
        start();
    }

    private void start() throws Exception {
        server = new RegistryServer(settings.apply(RegistryConfig.defaults().withAddress("127.0.0.1", 0).withDataDir(data).withAccessLog(false)
                // A graceful stop polls for idle connections for about a second; tests restart servers often.
                .withShutdownGrace(Duration.ZERO)), null).start();
    }

    /** Stops and starts the server over the same storage, as a restart would. */
    public void restart() throws Exception {
        server.close();
        start();
    }

    public Path data() {
        return data;
    }

    public URI uri(String path) {
        return server.baseUri().resolve(path);
    }

    public String base() {
        return server.baseUri().toString();
    }

    public String hostPort() {
        return "127.0.0.1:" + server.port();
    }

    public HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<byte[]> send(String method, String path, byte[] body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return send(b);
    }

    public HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, Map.of());
    }

    public HttpResponse<byte[]> head(String path) throws IOException, InterruptedException {
        return send("HEAD", path, null, Map.of());
    }

    public HttpResponse<byte[]> delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null, Map.of());
    }

    /** Monolithic upload; returns the digest. */
    public Digest pushBlob(String repo, byte[] content) throws IOException, InterruptedException {
        Digest digest = Digest.sha256(content);
        HttpResponse<byte[]> r = send("POST", "/v2/" + repo + "/blobs/uploads/?digest=" + digest, content,
                Map.of("Content-Type", "application/octet-stream"));
        if (r.statusCode() != 201) {
            throw new AssertionError("blob push failed: " + r.statusCode() + " " + text(r));
        }
        return digest;
    }

    /** Pushes a manifest; returns the response. */
    public HttpResponse<byte[]> putManifest(String repo, String reference, String mediaType, byte[] manifest) throws IOException, InterruptedException {
        return send("PUT", "/v2/" + repo + "/manifests/" + reference, manifest, Map.of("Content-Type", mediaType));
    }

    public static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
