package dev.gantry.registry.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.digest.Digest;
import dev.gantry.registry.client.http.HttpTransport;
import dev.gantry.registry.client.http.RetryPolicy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * The blob-upload half of a registry, as the distribution spec describes it, on a JDK HttpServer
 * at 127.0.0.1, with faults a test chooses: PATCH number N stores only part of what it received
 * and then drops the connection (as a registry whose last buffered bytes were lost when the
 * network failed), PATCHes above a size are answered 413, the POST names chunk bounds. It keeps
 * each session's bytes, answers the upload status with {@code Range}, checks the digest on the
 * closing PUT, and records every request.
 */
final class UploadRecordingRegistry implements AutoCloseable {
    /**
     * One request as received: for PATCH, its Content-Range and how many body bytes arrived before
     * it ended or was cut; status 0 for a request the registry cut, -1 for one the client broke off.
     */
    record Received(String method, String upload, String contentRange, long bodyBytes, int status) {
    }

    private final HttpServer server;
    private final Map<String, ByteArrayOutputStream> sessions = new HashMap<>();
    private final Map<Digest, byte[]> blobs = new HashMap<>();
    private final List<Received> requests = new ArrayList<>();
    private int patches;
    private int sessionCount;
    private IntPredicate cutPatch = n -> false;
    private long cutAfterBytes;
    private long storeBeforeCut;
    private long maxRequest = Long.MAX_VALUE;
    private final Map<String, String> postHeaders = new HashMap<>();

    UploadRecordingRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * PATCHes whose number (from 1) matches read {@code readBytes} of their body, keep the first
     * {@code storeBytes} of them and drop the connection without answering.
     */
    synchronized UploadRecordingRegistry cutting(IntPredicate patchNumbers, long readBytes, long storeBytes) {
        cutPatch = patchNumbers;
        cutAfterBytes = readBytes;
        storeBeforeCut = storeBytes;
        return this;
    }

    /** PATCHes carrying more than {@code bytes} are read and answered 413, keeping nothing. */
    synchronized UploadRecordingRegistry refusingRequestsAbove(long bytes) {
        maxRequest = bytes;
        return this;
    }

    synchronized UploadRecordingRegistry postHeader(String name, String value) {
        postHeaders.put(name, value);
        return this;
    }

    /** A session on this registry, with no retries (a test sees every request). */
    RegistrySession session() {
        String host = "127.0.0.1:" + server.getAddress().getPort();
        return RegistrySession.at(host, URI.create("http://" + host), new HttpTransport(false, RetryPolicy.NONE), x -> Optional.empty());
    }

    synchronized List<Received> requests() {
        return List.copyOf(requests);
    }

    synchronized List<Received> requests(String method) {
        return requests.stream().filter(r -> r.method().equals(method)).toList();
    }

    synchronized Optional<byte[]> blob(Digest digest) {
        return Optional.ofNullable(blobs.get(digest));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String upload = path.startsWith("/v2/r/blobs/uploads/") ? path.substring("/v2/r/blobs/uploads/".length()) : "";
        String range = exchange.getRequestHeaders().getFirst("Content-Range");
        synchronized (this) {
            if (path.equals("/v2/")) {
                reply(exchange, 200, null, -1);
            } else if (method.equals("POST")) {
                String id = "u" + (++sessionCount);
                sessions.put(id, new ByteArrayOutputStream());
                postHeaders.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                record(method, id, null, 0, 202);
                reply(exchange, 202, id, 0);
            } else if (!sessions.containsKey(upload)) {
                exchange.getRequestBody().readAllBytes();
                record(method, upload, range, 0, 404);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                byte[] body = "{\"errors\":[{\"code\":\"BLOB_UPLOAD_UNKNOWN\",\"message\":\"blob upload unknown\"}]}".getBytes();
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            } else if (method.equals("PATCH")) {
                patch(exchange, upload, range);
            } else if (method.equals("GET")) {
                record(method, upload, null, 0, 204);
                reply(exchange, 204, upload, sessions.get(upload).size());
            } else if (method.equals("PUT")) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                ByteArrayOutputStream stored = sessions.get(upload);
                stored.writeBytes(body);
                Digest digest = Digest.parse(exchange.getRequestURI().getQuery().substring("digest=".length()));
                byte[] content = stored.toByteArray();
                int status = digest.matches(content) ? 201 : 400;
                if (status == 201) {
                    blobs.put(digest, content);
                }
                sessions.remove(upload);
                record(method, upload, null, body.length, status);
                reply(exchange, status, null, -1);
            } else if (method.equals("DELETE")) {
                sessions.remove(upload);
                record(method, upload, null, 0, 204);
                reply(exchange, 204, null, -1);
            } else {
                reply(exchange, 405, null, -1);
            }
        }
    }

    private void patch(HttpExchange exchange, String upload, String range) throws IOException {
        ByteArrayOutputStream stored = sessions.get(upload);
        long declared = Long.parseLong(exchange.getRequestHeaders().getFirst("Content-Length"));
        int number = ++patches;
        if (range != null && Long.parseLong(range.substring(0, range.indexOf('-'))) != stored.size()) {
            exchange.getRequestBody().readAllBytes();
            record("PATCH", upload, range, 0, 416);
            reply(exchange, 416, upload, stored.size());
            return;
        }
        if (declared > maxRequest) {
            long drained = exchange.getRequestBody().transferTo(java.io.OutputStream.nullOutputStream());
            record("PATCH", upload, range, drained, 413);
            reply(exchange, 413, null, -1);
            return;
        }
        InputStream in = exchange.getRequestBody();
        if (cutPatch.test(number)) {
            byte[] part = in.readNBytes((int) cutAfterBytes);
            stored.write(part, 0, (int) Math.min(storeBeforeCut, part.length));
            record("PATCH", upload, range, part.length, 0);
            // Thrown out of the handler, HttpServer closes the connection without an answer: the client's request is cut.
            throw new IOException("cut PATCH " + number + " after " + part.length + " bytes");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            in.transferTo(body);
        } catch (IOException ended) {
            // The client stopped sending before the end of its body (it found a digest mismatch): nothing is kept.
            record("PATCH", upload, range, body.size(), -1);
            throw ended;
        }
        stored.writeBytes(body.toByteArray());
        record("PATCH", upload, range, body.size(), 202);
        reply(exchange, 202, upload, stored.size());
    }

    private void record(String method, String upload, String range, long bytes, int status) {
        requests.add(new Received(method, upload, range, bytes, status));
    }

    /** Answers with the upload's Location and, for {@code size >= 0}, its Range. */
    private static void reply(HttpExchange exchange, int status, String upload, long size) throws IOException {
        if (upload != null) {
            exchange.getResponseHeaders().add("Location", "/v2/r/blobs/uploads/" + upload);
        }
        if (size >= 0) {
            exchange.getResponseHeaders().add("Range", "0-" + Math.max(0, size - 1));
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
