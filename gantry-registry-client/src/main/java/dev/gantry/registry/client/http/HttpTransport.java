package dev.gantry.registry.client.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends requests to registries (over HttpURLConnection, or the JDK HttpClient for uploads: see
 * {@link #sendOnce}), adding what every registry call needs: retries with backoff on 429/5xx and
 * dropped connections (only for requests that can be sent twice), and redirects followed by hand
 * so that the Authorization header goes only to the origin that asked for it, never to the
 * storage host a blob GET is redirected to.
 */
public final class HttpTransport implements AutoCloseable {
    private static final int MAX_REDIRECTS = 10;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    /** Headers the JDK client forbids or sets itself. */
    static final Set<String> RESTRICTED = Set.of("content-length", "host", "connection");

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Registries log it and some rate-limit by it; as crane's "go-containerregistry/VERSION". */
    static final String USER_AGENT = "gantry/" + Objects.requireNonNullElse(
            HttpTransport.class.getPackage().getImplementationVersion(), "development");
    /** {@code -Dgantry.http.downloads=httpclient} sends blob GETs through the HttpClient too (for side-by-side measurements). */
    private static final boolean DOWNLOADS_OVER_HTTP_CLIENT = "httpclient".equals(System.getProperty("gantry.http.downloads"));

    private final Connections connections;
    private final RetryPolicy retry;
    private final Sleeper sleeper;

    private HttpTransport(Connections connections, RetryPolicy retry, Sleeper sleeper) {
        this.connections = connections;
        this.retry = retry;
        this.sleeper = sleeper;
    }

    /** The same connections with another retry policy (a scheme probe wants none). */
    public HttpTransport withRetry(RetryPolicy policy) {
        return new HttpTransport(connections, policy, sleeper);
    }

    /** The same transport waiting between attempts through {@code sleeper}: tests see the waits without taking them. */
    HttpTransport withSleeper(Sleeper sleeper) {
        return new HttpTransport(connections, retry, sleeper);
    }

    public HttpTransport(boolean insecureTls, RetryPolicy retry) {
        this(new Connections(insecureTls ? InsecureTrust::context : () -> null), retry, Sleeper.SYSTEM);
    }

    /** Verified TLS trusting the JDK's default CAs plus those in {@code caFiles} (PEM), for this client only. */
    public static HttpTransport trusting(java.util.List<java.nio.file.Path> caFiles, RetryPolicy retry) {
        // Read now, so that a bad CA file is reported before anything is sent.
        javax.net.ssl.SSLContext context = caFiles.isEmpty() ? null : CaTrust.context(caFiles);
        return new HttpTransport(new Connections(() -> context), retry, Sleeper.SYSTEM);
    }

    /**
     * What the copies made by {@link #withRetry} share: the TLS context and the HttpClient, each
     * made on first use. A pull, or any command against a plain-http registry, then never sets up
     * TLS, and only a command that uploads blobs builds an HttpClient.
     */
    private static final class Connections {
        private final Supplier<javax.net.ssl.SSLContext> tlsFactory;
        private javax.net.ssl.SSLContext tls;
        private boolean tlsMade;
        private HttpClient client;
        private boolean closed;

        Connections(Supplier<javax.net.ssl.SSLContext> tlsFactory) {
            this.tlsFactory = tlsFactory;
        }

        /** Null means the JDK's default context. */
        synchronized javax.net.ssl.SSLContext tls() {
            if (!tlsMade) {
                tls = tlsFactory.get();
                tlsMade = true;
            }
            return tls;
        }

        synchronized void ensureOpen() throws IOException {
            if (closed) {
                throw new IOException("the HTTP transport is closed");
            }
        }

        synchronized HttpClient client() throws IOException {
            ensureOpen();
            if (client == null) {
                HttpClient.Builder builder = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .connectTimeout(CONNECT_TIMEOUT);
                if (tls() != null) {
                    builder.sslContext(tls());
                }
                client = builder.build();
            }
            return client;
        }

        synchronized void close() {
            closed = true;
            if (client != null) {
                client.shutdownNow();
            }
        }
    }

    /**
     * Sends {@code request}; {@code authorization} gives the Authorization value for a URI (null
     * for none) and is asked only for the request's own origin. Returns the final response,
     * which may be an error status: callers decide what an error means.
     */
    public Response send(Request request, Function<URI, String> authorization) throws IOException {
        Request current = request;
        String origin = origin(request.uri());
        for (int hop = 0; ; hop++) {
            String auth = origin(current.uri()).equals(origin) ? authorization.apply(current.uri()) : null;
            Response response = sendWithRetries(current, auth);
            if (!REDIRECTS.contains(response.status()) || response.header("Location").isEmpty()) {
                return response;
            }
            if (hop >= MAX_REDIRECTS) {
                response.close();
                throw new IOException(request.method() + " " + request.uri() + ": more than " + MAX_REDIRECTS + " redirects");
            }
            URI next = ServerUris.resolve(current.uri(), response.header("Location").get(), "Location");
            response.close();
            boolean keepMethod = response.status() == 307 || response.status() == 308;
            if (keepMethod && !current.retryable()) {
                // The one-shot body went to the first location already; it cannot be sent again.
                throw new IOException(current.method() + " " + current.uri() + " was redirected (" + response.status()
                        + ") to " + next + " after its streamed body was sent");
            }
            if (!keepMethod && !current.method().equals("HEAD")) {
                current = new Request("GET", next, current.headers(), null, current.download());
            } else {
                current = current.withUri(next);
            }
        }
    }

    private Response sendWithRetries(Request request, String authorization) throws IOException {
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= retry.maxAttempts() || !request.retryable();
            Response response;
            try {
                response = sendOnce(request, authorization);
            } catch (IOException e) {
                if (last || !transient_(e)) {
                    throw e;
                }
                sleep(retry.delay(attempt, java.util.Optional.empty()));
                continue;
            }
            if (last || !RetryPolicy.retryableStatus(response.status())) {
                return response;
            }
            Duration wait = retry.delay(attempt, response.header("Retry-After"));
            response.close();
            sleep(wait);
        }
    }

    /**
     * Resets, timeouts and early closes may pass; a refused connection, an unknown host or a
     * TLS failure (wrong protocol, untrusted certificate) are the same answer on every attempt.
     */
    private static boolean transient_(IOException e) {
        return !(e instanceof InterruptedIOException && !(e instanceof java.net.http.HttpTimeoutException))
                && !(e instanceof java.net.ConnectException) && !(e instanceof java.net.UnknownHostException)
                && !(e instanceof javax.net.ssl.SSLException);
    }

    /**
     * PATCH (which HttpURLConnection cannot send) and bodies streamed or handed over as buffers go
     * through the HttpClient; everything else over {@link UrlConnectionSender}.
     */
    private Response sendOnce(Request request, String authorization) throws IOException {
        connections.ensureOpen();
        Body body = request.body();
        boolean viaClient = request.method().equals("PATCH") || (body != null && !(body instanceof Body.Bytes))
                || (request.download() && DOWNLOADS_OVER_HTTP_CLIENT);
        if (!viaClient) {
            return UrlConnectionSender.send(request, authorization, connections::tls, CONNECT_TIMEOUT);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).header("User-Agent", USER_AGENT);
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            if (!RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                builder.header(h.getKey(), h.getValue());
            }
        }
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest.BodyPublisher publisher = body == null || body.length() == 0 ? HttpRequest.BodyPublishers.noBody()
                : body.publisher();
        builder.method(request.method(), publisher);
        try {
            HttpResponse<InputStream> r = connections.client().send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            return new Response(r.statusCode(), r.headers(), r.body(), r.uri());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(request.method() + " " + request.uri() + " interrupted");
        }
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + Objects.requireNonNullElse(uri.getHost(), "").toLowerCase(Locale.ROOT) + ":" + port(uri);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    /** Drops pooled connections and stops the client's threads without waiting for anything in flight. */
    @Override
    public void close() {
        connections.close();
    }

    private void sleep(Duration d) throws InterruptedIOException {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }
}
