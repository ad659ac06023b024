package dev.gantry.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The real CNCF registry ({@code docker-registry serve}) on a free 127.0.0.1 port, storing in a
 * test's temporary directory (the registry Gantry's client is checked against), optionally behind htpasswd Basic auth. Skips the test (with the
 * package to install) when docker-registry is missing; {@link #close()} kills the process.
 */
public final class DockerRegistry implements AutoCloseable {
    public static final String USER = "gantry";
    public static final String PASSWORD = "s3cret-pw";

    private final Process process;
    private final Path storage;
    private final int port;

    private DockerRegistry(Process process, Path storage, int port) {
        this.process = process;
        this.storage = storage;
        this.port = port;
    }

    public static DockerRegistry start(Path dir) throws IOException {
        return start(dir, false);
    }

    public static DockerRegistry start(Path dir, boolean basicAuth) throws IOException {
        return start(dir, basicAuth, null);
    }

    /** {@code authConfig}: a whole {@code auth:} YAML section (e.g. token auth), used instead of htpasswd when given. */
    public static DockerRegistry start(Path dir, boolean basicAuth, String authConfig) throws IOException {
        return start(dir, basicAuth, authConfig, null, null);
    }

    /** Serving https only, with this PEM certificate and key. */
    public static DockerRegistry startTls(Path dir, Path certificate, Path key) throws IOException {
        return start(dir, false, null, certificate, key);
    }

    private static DockerRegistry start(Path dir, boolean basicAuth, String authConfig, Path certificate, Path key) throws IOException {
        PeerTools.assumeInstalled("docker-registry");
        Path storage = Files.createDirectories(dir.resolve("registry-storage"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        StringBuilder config = new StringBuilder("""
                version: 0.1
                log:
                  level: error
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                  secret: gantry-test-secret
                """.formatted(storage, port));
        if (certificate != null) {
            config.append("""
                      tls:
                        certificate: %s
                        key: %s
                    """.formatted(certificate, key));
        }
        if (basicAuth) {
            PeerTools.assumeInstalled("htpasswd");
            String line = PeerTools.run(null, "htpasswd", "-Bbn", USER, PASSWORD).stdout().strip();
            Path htpasswd = dir.resolve("htpasswd");
            Files.writeString(htpasswd, line + "\n");
            config.append("""
                    auth:
                      htpasswd:
                        realm: gantry-test
                        path: %s
                    """.formatted(htpasswd));
        }
        if (authConfig != null) {
            config.append(authConfig);
        }
        Path configFile = dir.resolve("registry-config.yml");
        Files.writeString(configFile, config);
        Process process = new ProcessBuilder("docker-registry", "serve", configFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        DockerRegistry registry = new DockerRegistry(process, storage, port);
        registry.awaitReady(dir.resolve("registry.log"));
        return registry;
    }

    private void awaitReady(Path log) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited: " + Files.readString(log));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://" + host() + "/v2/").toURL().openConnection();
                c.setConnectTimeout(500);
                int status = c.getResponseCode();
                c.disconnect();
                // A TLS port answers a plain-http request with 400: it is listening.
                if (status == 200 || status == 401 || status == 400) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        close();
        throw new IllegalStateException("docker-registry did not answer on " + host() + " within 20 s: "
                + Files.readString(log, StandardCharsets.UTF_8));
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** The file holding a blob's bytes in the registry's filesystem storage. */
    public Path blobData(String digest) {
        String hex = digest.substring(digest.indexOf(':') + 1);
        return storage.resolve("docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
    }

    /** skopeo (insecure policy); callers add --tls-verify=false and, for Basic auth, {@link #creds()}. */
    public PeerTools.Result skopeo(Path dir, String... args) {
        return Fixtures.skopeo(dir, args);
    }

    public static List<String> creds() {
        return List.of("--creds", USER + ":" + PASSWORD);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
