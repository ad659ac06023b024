package dev.gantry.registry.s3;

import dev.gantry.registry.storage.StorageConfig;
import dev.gantry.testing.PeerRequirement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real S3 API server for the tests: S3Proxy over a temporary directory, run as its own
 * process on a free loopback port, with buckets as directories. The jar comes from Maven Central
 * (the module's build copies it to {@code target/s3proxy}); without it the test is skipped, or
 * fails under {@code GANTRY_REQUIRE_PEERS=1}. Public, in this module's test-jar, for gantry-registry-it.
 */
public final class S3Proxy implements AutoCloseable {
    public static final String IDENTITY = "gantry-test";
    public static final String CREDENTIAL = "gantry-test-secret";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private final Process process;
    private final Path dir;
    private final int port;

    private S3Proxy(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts S3Proxy and waits until it answers. */
    public static S3Proxy start() throws Exception {
        String jarProperty = System.getProperty("gantry.s3proxy.jar", "target/s3proxy/s3proxy.jar");
        Path jar = Path.of(jarProperty);
        PeerRequirement.require(Files.isRegularFile(jar), "s3proxy jar missing at " + jar
                + ": run the tests through Maven (mvn -pl gantry-registry-s3 -am test), which fetches org.gaul:s3proxy");
        Path dir = Files.createTempDirectory("gantry-s3proxy-");
        Path data = Files.createDirectories(dir.resolve("data"));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + IDENTITY,
                "s3proxy.credential=" + CREDENTIAL,
                "jclouds.provider=filesystem",
                "jclouds.identity=" + IDENTITY,
                "jclouds.credential=" + CREDENTIAL,
                "jclouds.filesystem.basedir=" + data,
                ""));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toAbsolutePath().toString(),
                "--properties", properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("s3proxy.log").toFile())
                .start();
        S3Proxy proxy = new S3Proxy(process, dir, port);
        try {
            proxy.awaitListening();
        } catch (Exception e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    private void awaitListening() throws Exception {
        // Start-up is ~3 s on an idle machine; allow for a busy one.
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("s3proxy exited with " + process.exitValue() + ": " + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException("s3proxy did not listen on port " + port + " within 120 s: " + log());
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("s3proxy.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** A new, empty bucket, made as a directory under S3Proxy's base directory. */
    public String newBucket() throws IOException {
        String bucket = "gantry-" + BUCKETS.incrementAndGet();
        Files.createDirectories(dir.resolve("data").resolve(bucket));
        return bucket;
    }

    /** The {@code "storage"} options of an {@code s3} driver on a new, empty bucket of this server. */
    public StorageConfig newStorage(Map<String, String> extra) throws IOException {
        Map<String, String> options = new HashMap<>(Map.of(
                "bucket", newBucket(),
                "endpoint", endpoint(),
                "region", "us-east-1",
                "pathStyle", "true",
                "accessKey", IDENTITY,
                "secretKey", CREDENTIAL));
        options.putAll(extra);
        return new StorageConfig("s3", options, null);
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
