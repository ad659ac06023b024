package dev.gantry.registry.client.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A response whose body has not been read yet; the caller streams or discards it and must
 * close it, so the connection goes back to the pool (or is dropped when unread).
 *
 * @param uri where the response came from, after redirects
 */
public record Response(int status, HttpHeaders headers, InputStream body, URI uri) implements Closeable {
    /** Error bodies are small JSON documents; anything longer is cut here. */
    private static final int MAX_TEXT = 64 * 1024;

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The body as text, at most 64 KiB, for error messages; closes the body. */
    public String text() throws IOException {
        try (InputStream in = body) {
            return new String(in.readNBytes(MAX_TEXT), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
