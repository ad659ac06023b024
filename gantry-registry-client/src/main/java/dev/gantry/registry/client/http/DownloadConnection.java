package dev.gantry.registry.client.http;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends a blob GET over {@link HttpURLConnection} instead of the JDK HttpClient. Measured on
 * this machine (a 671 MB, 4-layer pull from docker-registry over loopback, 2 cores): the
 * HttpClient moves each body through its selector and worker threads and spent 4.4-5.2 s of
 * CPU where a blocking socket read needs a fraction of that (bench/registry-client.sh). Only
 * GETs without a body take this path, so retries, redirects and auth stay in
 * {@link HttpTransport}; the response is the same {@link Response}.
 */
final class DownloadConnection {
    private DownloadConnection() {
    }

    /**
     * @param tls the client's SSL context (null: the JDK's default); the same trust managers
     *            as the HttpClient's, so host names are checked the same way
     */
    static Response send(Request request, String authorization, SSLContext tls, Duration connectTimeout) throws IOException {
        HttpURLConnection c = (HttpURLConnection) request.uri().toURL().openConnection();
        if (tls != null && c instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(tls.getSocketFactory());
        }
        c.setInstanceFollowRedirects(false); // HttpTransport follows them, dropping Authorization off-origin
        c.setUseCaches(false);
        c.setConnectTimeout((int) connectTimeout.toMillis());
        c.setRequestMethod(request.method());
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            if (!HttpTransport.RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                c.setRequestProperty(h.getKey(), h.getValue());
            }
        }
        if (authorization != null) {
            c.setRequestProperty("Authorization", authorization);
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
