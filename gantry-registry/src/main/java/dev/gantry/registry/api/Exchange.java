package dev.gantry.registry.api;

import dev.gantry.registry.content.ByteSource;
import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One request and its response, with the few operations handlers need. Handlers run on virtual
 * threads, so reading the body blocks; writing hands the buffer to Jetty and completes the
 * callback asynchronously.
 */
public final class Exchange {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private Fields query;
    private boolean bodyRead;

    Exchange(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
    }

    public Request request() {
        return request;
    }

    public Response response() {
        return response;
    }

    public Callback callback() {
        return callback;
    }

    public String method() {
        return request.getMethod();
    }

    public boolean isHead() {
        return "HEAD".equals(request.getMethod());
    }

    public String header(String name) {
        return request.getHeaders().get(name);
    }

    /** The declared body length, or -1 when the body is streamed (chunked). */
    public long contentLength() {
        return request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    }

    public String param(String name) {
        Fields.Field field = query().get(name);
        return field == null ? null : field.getValue();
    }

    public List<String> params(String name) {
        Fields.Field field = query().get(name);
        return field == null ? List.of() : field.getValues();
    }

    private Fields query() {
        if (query == null) {
            query = Request.extractQueryParameters(request);
        }
        return query;
    }

    public Exchange header(String name, String value) {
        response.getHeaders().put(name, value);
        return this;
    }

    /** The request body, buffer by buffer as Jetty received it. */
    public ByteSource body() {
        return sink -> {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    try (Blocker.Runnable blocker = Blocker.runnable()) {
                        request.demand(blocker);
                        blocker.block();
                    }
                    continue;
                }
                try {
                    if (Content.Chunk.isFailure(chunk)) {
                        throw new IOException("request body failed: " + chunk.getFailure(), chunk.getFailure());
                    }
                    ByteBuffer buffer = chunk.getByteBuffer();
                    if (buffer.hasRemaining()) {
                        sink.accept(buffer);
                    }
                    if (chunk.isLast()) {
                        bodyRead = true;
                        return;
                    }
                } finally {
                    chunk.release();
                }
            }
        };
    }

    /**
     * Bodies refused for size are still read and discarded up to this many bytes, so the answer
     * reaches the client: closing a socket with unread bytes makes the kernel send a reset, and a
     * client still sending (the JDK's HttpClient does) then loses the 413 it was owed.
     */
    private static final long DRAIN_LIMIT = 16L << 20;

    /** The whole body, refusing more than {@code limit} bytes with {@code tooLarge}. */
    public byte[] readBody(int limit, ErrorCode tooLarge, int status) throws IOException {
        long declared = contentLength();
        if (declared > limit) {
            drainUpTo(DRAIN_LIMIT);
            throw new RegistryException(tooLarge, "body of " + declared + " bytes exceeds the limit of " + limit + " bytes", null, status);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
        long[] received = {0};
        body().transferTo(buffer -> {
            received[0] += buffer.remaining();
            if (received[0] > DRAIN_LIMIT) {
                throw new RegistryException(tooLarge, "body exceeds the limit of " + limit + " bytes", null, status);
            }
            if (received[0] > limit) {
                buffer.position(buffer.limit()); // past the limit: only drained, see DRAIN_LIMIT
                return;
            }
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            out.write(bytes);
        });
        if (received[0] > limit) {
            throw new RegistryException(tooLarge, "body exceeds the limit of " + limit + " bytes", null, status);
        }
        return out.toByteArray();
    }

    /**
     * Reads and drops what is left of the body, up to {@code max} bytes, so an answer given
     * before the body was consumed (a write that failed half-way) reaches a client still sending;
     * past {@code max} it stops and the connection is closed after the answer instead.
     */
    public void discardRest(long max) {
        if (bodyRead) {
            return;
        }
        long[] dropped = {0};
        try {
            body().transferTo(buffer -> {
                dropped[0] += buffer.remaining();
                buffer.position(buffer.limit());
                if (dropped[0] > max) {
                    throw new EnoughDropped();
                }
            });
        } catch (IOException | EnoughDropped e) {
            // the client went away, or sent too much to wait for: the connection closes after the answer
        }
    }

    /** Ends {@link #discardRest} early. */
    private static final class EnoughDropped extends RuntimeException {
        EnoughDropped() {
            super(null, null, false, false);
        }
    }

    /** Reads and discards the body when it is at most {@code max} bytes long; a longer one is left unread. */
    private void drainUpTo(long max) throws IOException {
        long declared = contentLength();
        if (declared < 0 || declared > max) {
            return;
        }
        body().transferTo(buffer -> buffer.position(buffer.limit()));
    }

    /**
     * True when the request may still have body bytes on the wire: answering early (an error, a
     * refused chunk) then has to close the connection, or the client would reuse a connection
     * the server is about to drop.
     */
    private boolean bodyUnread() {
        if (bodyRead) {
            return false;
        }
        long length = contentLength();
        return length > 0 || (length < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING));
    }

    private void closeIfBodyUnread() {
        if (bodyUnread()) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
    }

    /** A response without a body. */
    public void send(int status) {
        closeIfBodyUnread();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        response.write(true, BufferUtil.EMPTY_BUFFER, callback);
    }

    /** A response with a body; HEAD gets the headers (Content-Length included) and no body. */
    public void send(int status, String contentType, byte[] body) {
        closeIfBodyUnread();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, isHead() ? BufferUtil.EMPTY_BUFFER : ByteBuffer.wrap(body), callback);
    }
}
