package dev.gantry.registry.client.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP request to a registry: what to send, before auth, retries and redirects are applied.
 *
 * @param download a blob GET whose large body is read as a stream (sent over
 *                 {@code HttpURLConnection}, see {@link HttpTransport})
 */
public record Request(String method, URI uri, Map<String, String> headers, Body body, boolean download) {
    public Request {
        headers = Map.copyOf(headers);
    }

    public Request(String method, URI uri, Map<String, String> headers, Body body) {
        this(method, uri, headers, body, false);
    }

    /** A GET of a blob's bytes. */
    public static Request download(URI uri, Map<String, String> headers) {
        return new Request("GET", uri, headers, null, true);
    }

    public static Request get(URI uri) {
        return new Request("GET", uri, Map.of(), null);
    }

    public Request header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Request(method, uri, copy, body, download);
    }

    public Request withUri(URI newUri) {
        return new Request(method, newUri, headers, body, download);
    }

    /** Whether sending it twice is harmless and possible (no one-shot body). */
    public boolean retryable() {
        return body == null || body.replayable();
    }
}
