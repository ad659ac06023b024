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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A registry on a free 127.0.0.1 port over a temporary directory, and a JDK HttpClient that
 * talks to it. Tests speak raw HTTP so every status and header the spec names is checked as sent.
 *
 * <p>Where the registry keeps its content is the current {@link Deployment}: by default one node
 * over {@code data}, as {@code gantry serve} runs embedded. Another module runs the same test
 * classes under a different deployment (gantry-registry-it: two nodes on S3 + PostgreSQL); with
 * several nodes every request goes to the next node in turn ({@link #uri}, {@link #hostPort}), so
 * a push to one node is read back from the other and an upload moves between them.
 */
public final class TestRegistry implements AutoCloseable {
    /** How the registries a test class makes are laid out: how many nodes, and over which storage and metadata. */
    public interface Deployment {
        /** {@code gantry serve} as shipped: one node, blobs and metadata in the data directory. */
        Deployment EMBEDDED = new Deployment() {
            @Override
            public int nodes() {
                return 1;
            }

            @Override
            public RegistryConfig place(RegistryConfig config) {
                return config;
            }
        };

        /** How many nodes serve one registry. */
        int nodes();

        /** The config every node of a new registry runs with: the test's own settings, placed on this deployment's storage. */
        RegistryConfig place(RegistryConfig config) throws Exception;
    }

    private static volatile Deployment deployment = Deployment.EMBEDDED;

    /** Registries made from now on use {@code next} (until {@link #useDeployment} is called again). */
    public static void useDeployment(Deployment next) {
        deployment = next;
    }

    private final Path data;
    private final RegistryConfig config;
    private final int nodeCount;
    private final List<RegistryServer> servers = new ArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();
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
        Deployment on = deployment;
        this.nodeCount = on.nodes();
        this.config = on.place(settings.apply(RegistryConfig.defaults().withAddress("127.0.0.1", 0).withDataDir(data).withAccessLog(false)
                // A graceful stop polls for idle connections for about a second; tests restart servers often.
                .withShutdownGrace(Duration.ZERO)));
        try {
            start();
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    private void start() throws Exception {
        for (int i = 0; i < nodeCount; i++) {
            servers.add(new RegistryServer(config, null).start());
        }
    }

    /** Stops and starts every node over the same storage, as a restart would. */
    public void restart() throws Exception {
        close();
        start();
    }

    /** How many nodes serve this registry (requests take turns among them). */
    public int nodes() {
        return servers.size();
    }

    /** The node whose turn it is next. */
    private RegistryServer next() {
        return servers.get(Math.floorMod(turn.getAndIncrement(), servers.size()));
    }

    public Path data() {
        return data;
    }

    /** {@code path} on the next node. */
    public URI uri(String path) {
        return next().baseUri().resolve(path);
    }

    /** {@code path} on node {@code node} (0-based), for a test that says which node does what. */
    public URI uri(int node, String path) {
        return servers.get(node).baseUri().resolve(path);
    }

    /** The config every node runs with. */
    public RegistryConfig config() {
        return config;
    }

    /** The next node's base URI. */
    public String base() {
        return next().baseUri().toString();
    }

    /** The next node's {@code 127.0.0.1:PORT}, for peer tools. */
    public String hostPort() {
        return "127.0.0.1:" + next().port();
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
        IOException first = null;
        for (RegistryServer server : servers) {
            try {
                server.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        servers.clear();
        if (first != null) {
            throw first;
        }
    }
}
