package dev.gantry.registry.server;

import dev.gantry.digest.Digest;
import dev.gantry.registry.testing.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of the server in the middle of a streamed chunk: after a restart the session reports
 * how much it holds, the client resumes from there, and the finished blob has the right digest
 * (so the running hash was rebuilt from the partial file). Nothing partial is ever visible.
 */
class CrashRecoveryTest {
    @TempDir
    Path dir;
    Process server;
    final StringBuffer serverOutput = new StringBuffer();
    final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroyForcibly();
        }
    }

    private int start(int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        server = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ServerProcess.class.getName(),
                dir.resolve("data").toString(), String.valueOf(port)).redirectErrorStream(true).start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Process process = server;
        // Keep reading after "ready", so the server never blocks on a full pipe and its output can be shown.
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.equals("ready")) {
                        ready.complete(null);
                    } else {
                        serverOutput.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // process gone
            }
            ready.completeExceptionally(new AssertionError("server process exited before it was ready:\n" + serverOutput));
        });
        ready.get(60, TimeUnit.SECONDS);
        return port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void killDuringAStreamedChunkThenResumeFromWhatTheSessionHolds() throws Exception {
        int port = start(freePort());
        URI base = URI.create("http://127.0.0.1:" + port);
        byte[] content = new byte[8 << 20];
        new Random(42).nextBytes(content);
        HttpResponse<Void> post = client.send(HttpRequest.newBuilder(base.resolve("/v2/crash/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        String location = post.headers().firstValue("Location").orElseThrow();

        // A body that sends 3 MiB, then stalls until the server is gone.
        CompletableFuture<Void> stalled = new CompletableFuture<>();
        InputStream slow = new InputStream() {
            int position;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= (3 << 20)) {
                    stalled.join();
                    return -1;
                }
                int n = Math.min(len, (3 << 20) - position);
                System.arraycopy(content, position, b, off, n);
                position += n;
                return n;
            }
        };
        CompletableFuture<HttpResponse<Void>> patch = client.sendAsync(HttpRequest.newBuilder(base.resolve(location))
                .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> slow)).build(), HttpResponse.BodyHandlers.discarding());
        Path uploads = dir.resolve("data/repositories/crash/_uploads");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (uploadedBytes(uploads) < (1 << 20) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(uploadedBytes(uploads)).as("the server holds the first MiB before it is killed").isGreaterThanOrEqualTo(1 << 20);
        server.destroyForcibly().waitFor();
        stalled.complete(null);
        assertThat(patch).failsWithin(Duration.ofSeconds(10));
        assertThat(dir.resolve("data/blobs")).doesNotExist();

        start(port);
        HttpResponse<Void> status = client.send(HttpRequest.newBuilder(base.resolve(location)).GET().build(), HttpResponse.BodyHandlers.discarding());
        assertThat(status.statusCode()).isEqualTo(204);
        long held = Long.parseLong(status.headers().firstValue("Range").orElseThrow().split("-")[1]) + 1;
        assertThat(held).isBetween(1L << 20, 3L << 20);

        HttpResponse<Void> rest = client.send(HttpRequest.newBuilder(base.resolve(location))
                .header("Content-Range", held + "-" + (content.length - 1))
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(content, (int) held, content.length))).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(rest.statusCode()).isEqualTo(202);
        Digest digest = Digest.sha256(content);
        HttpResponse<Void> done = client.send(HttpRequest.newBuilder(base.resolve(location + "?digest=" + digest))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(done.statusCode()).isEqualTo(201);
        HttpResponse<byte[]> blob = client.send(HttpRequest.newBuilder(base.resolve("/v2/crash/blobs/" + digest)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(Digest.sha256(blob.body())).isEqualTo(digest);
    }

    private static long uploadedBytes(Path uploads) throws IOException {
        if (!Files.isDirectory(uploads)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(uploads)) {
            return files.filter(p -> p.getFileName().toString().equals("data")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void sigtermLetsAnUploadInFlightFinishThenStops() throws Exception {
        int port = start(freePort());
        URI base = URI.create("http://127.0.0.1:" + port);
        byte[] content = new byte[2 << 20];
        new Random(7).nextBytes(content);
        Digest digest = Digest.sha256(content);
        String location = client.send(HttpRequest.newBuilder(base.resolve("/v2/term/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                .headers().firstValue("Location").orElseThrow();
        // A raw socket, so the test decides exactly when each half of the body is on the wire.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            var out = socket.getOutputStream();
            out.write(("PUT " + location + "?digest=" + digest + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + content.length
                    + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(content, 0, content.length / 2);
            out.flush();
            Path uploads = dir.resolve("data/repositories/term/_uploads");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!requestArrived(uploads) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(requestArrived(uploads)).as("the server received the first half").isTrue();
            server.destroy(); // SIGTERM
            // The second half goes out only once the server refuses new connections: it is stopping for sure.
            long stopping = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (accepts(port) && System.nanoTime() < stopping) {
                Thread.sleep(20);
            }
            assertThat(accepts(port)).as("the server refuses new connections after SIGTERM").isFalse();
            out.write(content, content.length / 2, content.length - content.length / 2);
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(status).as(serverOutput.toString()).isEqualTo("HTTP/1.1 201 Created");
        }
        assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readAllBytes(dir.resolve("data/blobs/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex() + "/data")))
                .isEqualTo(content);
    }

    private static boolean accepts(int port) {
        try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** True once the server holds bytes of the upload (it reads in 1 MiB batches) or the session is being written. */
    private static boolean requestArrived(Path uploads) throws IOException {
        return uploadedBytes(uploads) > 0;
    }
}
