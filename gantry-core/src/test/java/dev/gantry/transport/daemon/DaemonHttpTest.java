package dev.gantry.transport.daemon;

import dev.gantry.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The unix-socket HTTP client against a server that answers canned bytes: framing, chunks and bounds. */
class DaemonHttpTest {
    @TempDir
    Path dir;

    /** Serves one connection: reads the request head (and a chunked body, when there is one), then writes {@code answer}. */
    private CompletableFuture<String> serveOnce(Path socket, byte[] answer) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return CompletableFuture.supplyAsync(() -> {
            try (server; SocketChannel client = server.accept()) {
                InputStream in = Channels.newInputStream(client);
                ByteArrayOutputStream request = new ByteArrayOutputStream();
                while (!request.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                    request.write(in.read());
                }
                if (request.toString(StandardCharsets.ISO_8859_1).contains("Transfer-Encoding: chunked")) {
                    while (!request.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n0\r\n\r\n")) {
                        request.write(in.read());
                    }
                }
                OutputStream out = Channels.newOutputStream(client);
                out.write(answer);
                out.flush();
                return request.toString(StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private DaemonHttp http(Path socket) {
        return new DaemonHttp(new DockerHost(socket));
    }

    @Test
    void decodesAChunkedBodyWithExtensionsAndTrailers() throws Exception {
        Path socket = dir.resolve("a.sock");
        CompletableFuture<String> request = serveOnce(socket, ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\nA\r\n, chunked!\r\n0\r\nX-Trailer: t\r\n\r\n"));
        try (DaemonHttp.Response response = http(socket).get("/images/a:b/get")) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(new String(response.body().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello, chunked!");
        }
        assertThat(request.get()).startsWith("GET /images/a:b/get HTTP/1.1\r\n").contains("Host: docker\r\n", "Connection: close\r\n");
    }

    @Test
    void streamsARequestBodyInChunksAndEndsIt() throws Exception {
        Path socket = dir.resolve("b.sock");
        CompletableFuture<String> request = serveOnce(socket, ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        DaemonHttp.Upload upload = http(socket).post("/images/load", "application/x-tar");
        upload.body().write(ascii("tar bytes"));
        try (upload; DaemonHttp.Response response = upload.finish()) {
            assertThat(new String(response.body().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("ok");
        }
        assertThat(request.get()).contains("Content-Type: application/x-tar\r\n", "Transfer-Encoding: chunked\r\n")
                .endsWith("\r\n\r\n9\r\ntar bytes\r\n0\r\n\r\n");
    }

    @Test
    void aBodyCutInsideAChunkIsAnError() throws Exception {
        Path socket = dir.resolve("c.sock");
        serveOnce(socket, ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nonly six"));
        try (DaemonHttp.Response response = http(socket).get("/x")) {
            assertThatThrownBy(() -> response.body().readAllBytes()).isInstanceOf(EOFException.class).hasMessageContaining("inside a chunk");
        }
    }

    @Test
    void aBodyShorterThanItsContentLengthIsAnError() throws Exception {
        Path socket = dir.resolve("d.sock");
        serveOnce(socket, ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"));
        try (DaemonHttp.Response response = http(socket).get("/x")) {
            assertThatThrownBy(() -> response.body().readAllBytes()).isInstanceOf(EOFException.class).hasMessageContaining("5 of its 10");
        }
    }

    @Test
    void refusesAMalformedChunkSize() throws Exception {
        Path socket = dir.resolve("e.sock");
        serveOnce(socket, ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nxx\r\n0\r\n\r\n"));
        try (DaemonHttp.Response response = http(socket).get("/x")) {
            assertThatThrownBy(() -> response.body().readAllBytes()).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("chunk size 'zz'");
        }
    }

    @Test
    void boundsTheHeadOfAnAnswer() throws Exception {
        Path socket = dir.resolve("f.sock");
        StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < 20; i++) {
            head.append("X-Filler-").append(i).append(": ").append("y".repeat(4000)).append("\r\n");
        }
        serveOnce(socket, ascii(head + "\r\n"));
        assertThatThrownBy(() -> http(socket).get("/x")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("over 64 KiB of headers");
    }

    @Test
    void aNonHttpAnswerIsRefused() throws Exception {
        Path socket = dir.resolve("g.sock");
        serveOnce(socket, ascii("SSH-2.0-OpenSSH\r\n\r\n"));
        assertThatThrownBy(() -> http(socket).get("/x")).isInstanceOf(InvalidInputException.class).hasMessageContaining("not HTTP/1.x");
    }
}
