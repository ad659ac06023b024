package dev.gantry.registry.client;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.registry.client.auth.CredentialStore;
import dev.gantry.registry.client.http.RetryPolicy;
import dev.gantry.transport.RemoteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --insecure} with a host:port asks plain http first: a registry on http never sees a TLS
 * handshake (for one on https, see {@link CustomCaRegistryTest}), and a redirected ping moves the API.
 */
class InsecureProbeTest {
    @Test
    void aPlainHttpRegistryOnAPortIsNeverOfferedATlsHandshake() throws Exception {
        try (PlainRegistryPing registry = new PlainRegistryPing()) {
            ExecutorService probes = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory());
            // A head start no loaded machine outlasts: https may start only because http failed, never because it was slow.
            try (RegistrySession session = RegistrySession.openInsecure(registry.host(), CredentialStore.NONE, RetryPolicy.DEFAULT,
                    Duration.ofMinutes(10), probes)) {
                assertThat(session.base().getScheme()).isEqualTo("http");
            }
            // Every probe has ended, the head-start timer cancelled rather than run out. A TLS probe ends only after the
            // server closed its connection, which it does after counting the hello: nothing is still on its way.
            assertThat(probes.awaitTermination(60, TimeUnit.SECONDS)).as("every probe ended").isTrue();
            assertThat(registry.pings.get()).isEqualTo(1);
            assertThat(registry.tlsHellos.get()).isZero();
        }
    }

    @Test
    void theApiIsWhereThePingWasRedirectedTo(@TempDir Path dir) throws IOException {
        HttpServer moved = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        HttpServer registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String registryBase = "http://127.0.0.1:" + registry.getAddress().getPort();
        moved.createContext("/", ex -> {
            ex.getResponseHeaders().add("Location", registryBase + "/v2/");
            ex.sendResponseHeaders(301, -1);
            ex.close();
        });
        registry.createContext("/v2/", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        moved.start();
        registry.start();
        try (RegistrySession session = RegistryTransportProvider.session("127.0.0.1:" + moved.getAddress().getPort(),
                new RemoteOptions(true, dir.resolve("none.json"), null))) {
            assertThat(session.base()).isEqualTo(URI.create(registryBase));
        } finally {
            moved.stop(0);
            registry.stop(0);
        }
    }

    /** Answers GET /v2/ over plain http, and counts connections that open with a TLS handshake record instead. */
    private static final class PlainRegistryPing implements AutoCloseable {
        final AtomicInteger pings = new AtomicInteger();
        final AtomicInteger tlsHellos = new AtomicInteger();
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Thread acceptor = Thread.ofVirtual().start(this::serve);

        PlainRegistryPing() throws IOException {
        }

        String host() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    int first = in.read();
                    if (first == 0x16) { // TLS record type "handshake"
                        tlsHellos.incrementAndGet();
                        continue;
                    }
                    StringBuilder head = new StringBuilder().append((char) first);
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        int b = in.read();
                        if (b < 0) {
                            break;
                        }
                        head.append((char) b);
                    }
                    if (head.toString().startsWith("GET /v2/ ")) {
                        pings.incrementAndGet();
                    }
                    out.write(("HTTP/1.1 200 OK\r\nDocker-Distribution-API-Version: registry/2.0\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 2\r\nConnection: close\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed at the end of the test, or a client that went away
                }
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            acceptor.join(5_000);
        }
    }
}
