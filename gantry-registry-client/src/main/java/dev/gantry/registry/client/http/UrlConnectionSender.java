package dev.gantry.registry.client.http;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Sends a request over {@link HttpURLConnection} instead of the JDK HttpClient: every request
 * without a body or with a small one in memory, which is all of a pull and all but the blob
 * uploads of a push. Measured on this machine (bench/registry-client.sh, 671 MB in 4 layers from
 * docker-registry over loopback, 2 cores): the HttpClient moves each body through its selector
 * and worker threads and spent 4.4-5.2 s of CPU on a pull where blocking socket reads need a
 * fraction of that; and merely building one costs a cold JVM ~0.1 s (its TLS set-up runs even
 * for plain http), which a command that never uploads need not pay. Retries, redirects and auth
 * stay in {@link HttpTransport}; the response is the same {@link Response}.
 */
final class UrlConnectionSender {
    private UrlConnectionSender() {
    }

    /**
     * @param tls gives the client's SSL context (null: the JDK's default), asked only for https;
     *            the same trust managers as the HttpClient's, so host names are checked the same way
     */
    static Response send(Request request, String authorization, Supplier<SSLContext> tls, Duration connectTimeout)
            throws IOException {
        HttpURLConnection c = (HttpURLConnection) request.uri().toURL().openConnection();
        if (c instanceof HttpsURLConnection https) {
            SSLContext context = tls.get();
            if (context != null) {
                https.setSSLSocketFactory(context.getSocketFactory());
            }
        }
        c.setInstanceFollowRedirects(false); // HttpTransport follows them, dropping Authorization off-origin
        c.setUseCaches(false);
        c.setConnectTimeout((int) connectTimeout.toMillis());
        c.setRequestMethod(request.method());
        c.setRequestProperty("User-Agent", HttpTransport.USER_AGENT);
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            if (!HttpTransport.RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                c.setRequestProperty(h.getKey(), h.getValue());
            }
        }
        if (authorization != null) {
            c.setRequestProperty("Authorization", authorization);
        }
        boolean bodyless = request.method().equals("GET") || request.method().equals("HEAD"); // HttpURLConnection would make them POSTs
        if (request.body() instanceof Body.Bytes(byte[] bytes) && !bodyless) {
            // Not in streaming mode: a 401 then comes back as a response (with its challenge) instead of an exception.
            // An empty body is still written, so that a POST carries Content-Length: 0.
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write(bytes);
            }
        }
        int status = c.getResponseCode();
        InputStream body = status >= 400 ? c.getErrorStream() : c.getInputStream();
        return new Response(status, headers(c), body != null ? body : InputStream.nullInputStream(), request.uri());
    }

    private static HttpHeaders headers(HttpURLConnection c) {
        Map<String, List<String>> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, List<String>> h : c.getHeaderFields().entrySet()) {
            if (h.getKey() != null) { // the null key is the status line
                merged.computeIfAbsent(h.getKey(), k -> new java.util.ArrayList<>()).addAll(h.getValue());
            }
        }
        return HttpHeaders.of(merged, (name, value) -> true);
    }
}
