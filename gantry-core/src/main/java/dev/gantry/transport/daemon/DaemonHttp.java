package dev.gantry.transport.daemon;

import dev.gantry.error.InvalidInputException;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The little HTTP/1.1 that the Docker Engine API needs over a unix socket, all of it here: one
 * request per connection ({@code Connection: close}), a request body streamed with chunked
 * transfer coding, and a response whose head is read within fixed bounds (64 KiB, 8 KiB a line)
 * and whose body ends at its {@code Content-Length}, at the last chunk of a chunked body, or when
 * the daemon closes the connection. The JDK's {@code HttpClient} cannot reach a unix socket, and
 * nothing else of HTTP is needed: no redirects, no keep-alive, no TLS.
 */
final class DaemonHttp {
    static final int MAX_HEAD_BYTES = 64 * 1024;
    static final int MAX_LINE_BYTES = 8 * 1024;
    private static final int CHUNK_BYTES = 256 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    private final DockerHost host;

    DaemonHttp(DockerHost host) {
        this.host = host;
    }

    DockerHost host() {
        return host;
    }

    /** Sends a request without a body and reads the head of the answer; the caller closes the response. */
    Response get(String target) throws IOException {
        SocketChannel channel = connect();
        try {
            OutputStream out = Channels.newOutputStream(channel);
            out.write(head("GET", target, Map.of()));
            out.flush();
            return Response.read(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Starts a request whose body is streamed (chunked): the caller writes {@link Upload#body()},
     * then {@link Upload#finish()} ends it and reads the answer; closing an unfinished upload cuts
     * the connection, so the daemon sees a body that never ended and takes none of it.
     */
    Upload post(String target, String contentType) throws IOException {
        SocketChannel channel = connect();
        try {
            OutputStream out = Channels.newOutputStream(channel);
            out.write(head("POST", target, Map.of("Content-Type", contentType, "Transfer-Encoding", "chunked")));
            return new Upload(channel, new ChunkedOutputStream(out));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private SocketChannel connect() {
        if (!Files.exists(host.socket())) {
            throw unreachable("no such socket; is the daemon (dockerd, or `podman system service`) running? "
                    + DockerHost.ENVIRONMENT + "=unix:///PATH names another socket", null);
        }
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(host.socket()));
            return channel;
        } catch (IOException e) {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // Nothing was sent; the connect failure is what matters.
            }
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw unreachable(why.toLowerCase(Locale.ROOT) + "; is the daemon running?", e);
        }
    }

    private DaemonException unreachable(String why, Throwable cause) {
        return new DaemonException(host, 0, "cannot reach the Docker daemon at " + host + ": " + why, cause);
    }

    private static byte[] head(String method, String target, Map<String, String> headers) {
        StringBuilder s = new StringBuilder();
        s.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        // Go's server (dockerd, podman) refuses an HTTP/1.1 request without Host; its value is not used on a socket.
        s.append("Host: docker\r\n");
        s.append("User-Agent: gantry\r\n");
        s.append("Connection: close\r\n");
        headers.forEach((k, v) -> s.append(k).append(": ").append(v).append("\r\n"));
        s.append("\r\n");
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A request body being streamed. */
    static final class Upload implements Closeable {
        private final SocketChannel channel;
        private final ChunkedOutputStream body;
        private boolean finished;

        private Upload(SocketChannel channel, ChunkedOutputStream body) {
            this.channel = channel;
            this.body = body;
        }

        /** The request body; closing it does nothing (finish or close the upload instead). */
        OutputStream body() {
            return body;
        }

        /** Ends the body (the last chunk) and reads the head of the answer; the caller closes the response. */
        Response finish() throws IOException {
            body.finish();
            finished = true;
            return Response.read(channel);
        }

        /** Whatever the daemon answered before the body was finished (it may refuse early), or null when it said nothing. */
        Response answerSoFar() {
            try {
                channel.shutdownOutput();
                return Response.read(channel);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        @Override
        public void close() throws IOException {
            if (!finished) {
                channel.close();
            }
        }
    }

    /** A response: status, headers (names lower-cased) and a body stream that ends where the message ends. */
    static final class Response implements Closeable {
        private final int status;
        private final Map<String, String> headers;
        private final InputStream body;

        private Response(int status, Map<String, String> headers, InputStream body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        int status() {
            return status;
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The body, decoded from its transfer coding; closing it closes the connection. */
        InputStream body() {
            return body;
        }

        /** Up to {@code limit} bytes of the body, for error messages and small JSON answers; the rest is not read. */
        byte[] readBody(int limit) throws IOException {
            return body.readNBytes(limit);
        }

        @Override
        public void close() throws IOException {
            body.close();
        }

        static Response read(SocketChannel channel) throws IOException {
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024);
            try {
                int[] budget = {MAX_HEAD_BYTES};
                while (true) {
                    String statusLine = readLine(in, budget);
                    if (statusLine == null) {
                        throw new EOFException("the daemon closed the connection without answering");
                    }
                    int status = parseStatus(statusLine);
                    Map<String, String> headers = readHeaders(in, budget);
                    if (status >= 100 && status < 200) {
                        continue; // an interim answer (100 Continue): the real one follows
                    }
                    return new Response(status, headers, body(in, headers));
                }
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
        }

        private static int parseStatus(String line) {
            // HTTP/1.1 200 OK
            String[] parts = line.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || parts[1].length() != 3) {
                throw new InvalidInputException("the daemon's answer is not HTTP/1.x: '" + printable(line) + "'");
            }
            try {
                return Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new InvalidInputException("the daemon's answer has no status code: '" + printable(line) + "'");
            }
        }

        private static Map<String, String> readHeaders(InputStream in, int[] budget) throws IOException {
            Map<String, String> headers = new HashMap<>();
            for (String line = readLine(in, budget); ; line = readLine(in, budget)) {
                if (line == null) {
                    throw new EOFException("the daemon's answer ended inside its headers");
                }
                if (line.isEmpty()) {
                    return headers;
                }
                int colon = line.indexOf(':');
                if (colon <= 0 || Character.isWhitespace(line.charAt(0))) {
                    throw new InvalidInputException("the daemon's answer has a malformed header line: '" + printable(line) + "'");
                }
                String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).strip();
                String before = headers.putIfAbsent(name, value);
                if (before != null) {
                    if (name.equals("content-length") && !before.equals(value)) {
                        throw new InvalidInputException("the daemon's answer has two Content-Lengths: " + before + " and " + value);
                    }
                    headers.put(name, before + ", " + value);
                }
            }
        }

        private static InputStream body(InputStream in, Map<String, String> headers) {
            String coding = headers.get("transfer-encoding");
            if (coding != null) {
                if (!coding.strip().toLowerCase(Locale.ROOT).equals("chunked")) {
                    throw new InvalidInputException("the daemon's answer uses transfer coding '" + coding + "', which Gantry does not decode");
                }
                return new ChunkedInputStream(in);
            }
            String length = headers.get("content-length");
            if (length != null) {
                long n;
                try {
                    n = Long.parseLong(length);
                } catch (NumberFormatException e) {
                    n = -1;
                }
                if (n < 0) {
                    throw new InvalidInputException("the daemon's answer has an invalid Content-Length '" + length + "'");
                }
                return new FixedLengthInputStream(in, n);
            }
            return in; // until the daemon closes the connection, which Connection: close asked for
        }
    }

    /**
     * One line ending in CRLF (a bare LF is accepted, as Go's server is lenient too), without it, as
     * ISO-8859-1; null at the end of the stream before any byte. Lines count against {@code budget[0]}.
     */
    static String readLine(InputStream in, int[] budget) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (--budget[0] < 0) {
                throw new InvalidInputException("the daemon's answer has over " + MAX_HEAD_BYTES / 1024 + " KiB of headers");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE_BYTES) {
                throw new InvalidInputException("the daemon's answer has a line over " + MAX_LINE_BYTES / 1024 + " KiB");
            }
            line.write(b);
        }
        if (line.size() > 0) {
            throw new EOFException("the daemon's answer ended inside a line");
        }
        return null;
    }

    private static String printable(String line) {
        String cut = line.length() > 80 ? line.substring(0, 80) + "..." : line;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** A body of a known length: it ends there, and a connection closed before it is an error. */
    private static final class FixedLengthInputStream extends FilterInputStream {
        private final long length;
        private long remaining;

        FixedLengthInputStream(InputStream in, long length) {
            super(in);
            this.length = length;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("the daemon's answer ended after " + (length - remaining) + " of its " + length + " bytes");
            }
            remaining -= n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return super.skip(Math.min(n, remaining));
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), remaining);
        }
    }

    /** Decodes chunked transfer coding (RFC 9112 7.1): size lines in hex, extensions ignored, trailers read and dropped. */
    static final class ChunkedInputStream extends FilterInputStream {
        private long chunkLeft;
        private boolean ended;
        private long total;

        ChunkedInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (chunkLeft == 0 && !ended) {
                nextChunk();
            }
            if (ended) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new EOFException("the daemon's answer ended inside a chunk, after " + total + " bytes");
            }
            chunkLeft -= n;
            total += n;
            if (chunkLeft == 0) {
                expectLineEnd();
            }
            return n;
        }

        private void nextChunk() throws IOException {
            int[] budget = {MAX_LINE_BYTES};
            String line = readLine(in, budget);
            if (line == null) {
                throw new EOFException("the daemon's answer ended before its last chunk, after " + total + " bytes");
            }
            int semicolon = line.indexOf(';');
            String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
            if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new InvalidInputException("the daemon's answer has a malformed chunk size '" + printable(line) + "'");
            }
            chunkLeft = Long.parseLong(hex, 16);
            if (chunkLeft == 0) {
                ended = true;
                int[] trailerBudget = {MAX_HEAD_BYTES};
                for (String trailer = readLine(in, trailerBudget); trailer != null && !trailer.isEmpty();
                     trailer = readLine(in, trailerBudget)) {
                    // Trailers carry nothing the API uses.
                }
            }
        }

        private void expectLineEnd() throws IOException {
            int cr = in.read();
            int lf = cr == '\n' ? '\n' : in.read();
            if (lf != '\n' || (cr != '\r' && cr != '\n')) {
                throw new InvalidInputException("the daemon's answer has a chunk not followed by CRLF");
            }
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(n, 64 * 1024)];
            int read = read(buf, 0, buf.length);
            return Math.max(read, 0);
        }

        @Override
        public int available() throws IOException {
            return ended ? 0 : (int) Math.min(in.available(), chunkLeft);
        }
    }

    /**
     * Encodes a body as chunks of up to 256 KiB: writes are gathered so a tar's 512-byte headers
     * do not each become a chunk; {@link #finish()} writes the last chunk.
     */
    static final class ChunkedOutputStream extends OutputStream {
        private final OutputStream out;
        private final byte[] buffer = new byte[CHUNK_BYTES];
        private int filled;
        private boolean finished;

        ChunkedOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (finished) {
                throw new IOException("the request body has ended");
            }
            while (len > 0) {
                if (filled == 0 && len >= buffer.length) {
                    chunk(b, off, buffer.length);
                    off += buffer.length;
                    len -= buffer.length;
                    continue;
                }
                int n = Math.min(len, buffer.length - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == buffer.length) {
                    chunk(buffer, 0, filled);
                    filled = 0;
                }
            }
        }

        private void chunk(byte[] b, int off, int len) throws IOException {
            out.write(Integer.toHexString(len).getBytes(StandardCharsets.US_ASCII));
            out.write(CRLF);
            out.write(b, off, len);
            out.write(CRLF);
        }

        @Override
        public void flush() throws IOException {
            if (filled > 0) {
                chunk(buffer, 0, filled);
                filled = 0;
            }
            out.flush();
        }

        void finish() throws IOException {
            if (!finished) {
                flush();
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                finished = true;
            }
        }

        @Override
        public void close() {
            // The upload decides: finish() ends the body, closing the upload cuts it.
        }
    }
}
