package dev.gantry.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that hold connections without finishing anything: idle ones, slowloris ones (a header
 * byte at a time), one that stops reading a blob halfway. Others are served meanwhile, and the
 * server closes what stops moving (a short idle timeout here; 30 s in `gantry serve`).
 * bench/slow-clients.sh measures the latency cost.
 */
class SlowClientsTest {
    private static final Duration IDLE = Duration.ofSeconds(2);

    @TempDir
    Path dir;
    private RegistryServer server;
    private final List<Socket> sockets = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void start() throws Exception {
        server = new RegistryServer(RegistryConfig.defaults().withAddress("127.0.0.1", 0).withDataDir(dir.resolve("data"))
                .withAccessLog(false).withShutdownGrace(Duration.ZERO), null, ConnectionLimits.DEFAULTS.withIdleTimeout(IDLE)).start();
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket socket : sockets) {
            socket.close();
        }
        server.close();
    }

    @Test
    void idleAndSlowlorisConnectionsLeaveOthersServedAndIdleOnesAreClosed() throws Exception {
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            idle.add(connect());
        }
        List<OutputStream> slow = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            OutputStream out = connect().getOutputStream();
            out.write("GET /v2/ HTTP/1.1\r\nHost: slow\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            slow.add(out);
        }
        AtomicBoolean trickling = new AtomicBoolean(true);
        Thread trickle = Thread.ofVirtual().start(() -> {
            while (trickling.get()) {
                for (OutputStream out : slow) {
                    try {
                        out.write('a');
                        out.flush();
                    } catch (IOException closed) {
                        // the server may drop it: that is allowed
                    }
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            for (int i = 0; i < 100; i++) {
                assertThat(get("/v2/").statusCode()).isEqualTo(200);
            }
        } finally {
            trickling.set(false);
            trickle.join();
        }
        for (Socket socket : idle) {
            socket.setSoTimeout((int) IDLE.multipliedBy(10).toMillis());
            assertThat(socket.getInputStream().read()).as("an idle connection, after the idle timeout").isEqualTo(-1);
        }
        assertThat(get("/v2/").statusCode()).isEqualTo(200);
    }

    @Test
    void aClientThatStopsReadingABlobIsCutOffAndOthersAreServed() throws Exception {
        byte[] blob = new byte[48 << 20];
        new Random(3).nextBytes(blob);
        Digest digest = Digest.sha256(blob);
        HttpResponse<Void> started = http.send(HttpRequest.newBuilder(uri("/v2/slow/app/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        URI location = uri("/").resolve(started.headers().firstValue("Location").orElseThrow());
        String put = location + (location.getQuery() == null ? "?" : "&") + "digest=" + digest;
        assertThat(http.send(HttpRequest.newBuilder(URI.create(put)).PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(201);

        Socket stalled = new Socket();
        stalled.setReceiveBufferSize(64 << 10);
        stalled.connect(new InetSocketAddress("127.0.0.1", server.port()));
        sockets.add(stalled);
        stalled.getOutputStream().write(("GET /v2/slow/app/blobs/" + digest + " HTTP/1.1\r\nHost: stalled\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = stalled.getInputStream();
        long read = in.readNBytes(1 << 20).length;
        assertThat(read).isEqualTo(1 << 20);

        for (int i = 0; i < 20; i++) {
            assertThat(get("/v2/").statusCode()).as("another client while one stalls").isEqualTo(200);
        }
        Thread.sleep(IDLE.multipliedBy(3).toMillis()); // the stalled reader reads nothing: the server's write stops moving
        stalled.setSoTimeout((int) IDLE.multipliedBy(10).toMillis());
        try {
            for (int n; (n = in.read(new byte[1 << 16])) >= 0; ) {
                read += n;
            }
        } catch (SocketException reset) {
            // a reset is how a cut-off connection may end, too
        }
        assertThat(read).as("bytes the stalled client got before the server cut it off").isLessThan(blob.length);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        sockets.add(socket);
        return socket;
    }

    private URI uri(String path) {
        return server.baseUri().resolve(path);
    }

    private HttpResponse<Void> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
    }
}
