package dev.gantry.registry.client;

import dev.gantry.copy.CopyOptions;
import dev.gantry.copy.ImageCopier;
import dev.gantry.oci.Descriptor;
import dev.gantry.testing.DockerRegistry;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.TestCertificates;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.RemoteOptions;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --insecure} with a host:port: plain http is asked first, https (unverified) when http does not answer as a registry. */
class InsecureProbeTest {
    @Test
    void aTlsRegistryOnAPortIsReachedWithoutItsCa(@TempDir Path dir) throws IOException {
        TestCertificates certs = TestCertificates.make(dir);
        try (DockerRegistry registry = DockerRegistry.startTls(dir, certs.serverCert(), certs.serverKey())) {
            RemoteOptions insecure = new RemoteOptions(true, dir.resolve("none.json"), null);
            String ref = "docker://" + registry.host() + "/tls/image:v1";
            Path umoci = Fixtures.umociLayout(dir);

            Descriptor pushed = copy("oci:" + umoci + ":" + Fixtures.TAG, ref, insecure);
            Descriptor pulled = copy(ref, "oci:" + dir.resolve("pulled") + ":v1", insecure);

            assertThat(pulled.digest()).isEqualTo(pushed.digest());
            try (RegistrySession session = RegistryTransportProvider.session(registry.host(), insecure)) {
                assertThat(session.base().getScheme()).isEqualTo("https");
            }
        }
    }

    @Test
    void aPlainHttpRegistryOnAPortIsNeverOfferedATlsHandshake(@TempDir Path dir) throws Exception {
        try (PlainRegistryPing registry = new PlainRegistryPing()) {
            RemoteOptions insecure = new RemoteOptions(true, dir.resolve("none.json"), null);
            try (RegistrySession session = RegistryTransportProvider.session(registry.host(), insecure)) {
                assertThat(session.base().getScheme()).isEqualTo("http");
            }
            Thread.sleep(RegistrySession.HTTP_HEAD_START.toMillis() + 300); // past the moment https would have been tried
            assertThat(registry.pings.get()).isEqualTo(1);
            assertThat(registry.tlsHellos.get()).isZero();
        }
    }

    private static Descriptor copy(String from, String to, RemoteOptions remote) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(from), remote);
             ImageTarget target = Transports.openTarget(TransportRef.parse(to), null, remote)) {
            return new ImageCopier(source, target, CopyOptions.defaults()).copy();
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
