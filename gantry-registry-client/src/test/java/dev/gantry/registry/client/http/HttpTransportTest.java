package dev.gantry.registry.client.http;

import dev.gantry.error.InvalidInputException;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retries, Retry-After and redirects, against a tiny JDK HTTP server that misbehaves on purpose. */
class HttpTransportTest {
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private final HttpTransport http = new HttpTransport(false, new RetryPolicy(4, Duration.ofMillis(10), Duration.ofSeconds(5)));

    private HttpServer server() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        servers.add(s);
        s.start();
        return s;
    }

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    private static String url(HttpServer s, String host, String path) {
        return "http://" + host + ":" + s.getAddress().getPort() + path;
    }

    private static void answer(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    @Test
    void tooManyRequestsIsRetriedAfterTheServersRetryAfter() throws IOException {
        HttpServer s = server();
        AtomicInteger calls = new AtomicInteger();
        s.createContext("/v2/x/tags/list", ex -> {
            if (calls.incrementAndGet() == 1) {
                ex.getResponseHeaders().add("Retry-After", "1");
                answer(ex, 429, "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\"}]}");
            } else {
                answer(ex, 200, "{\"tags\":[\"a\"]}");
            }
        });
        // Each wait, with how many requests the server had seen when it began: the clock is never read.
        record Wait(Duration duration, int afterRequests) {
        }
        List<Wait> waits = new CopyOnWriteArrayList<>();
        HttpTransport recorded = http.withSleeper(d -> waits.add(new Wait(d, calls.get())));
        try (Response r = recorded.send(Request.get(URI.create(url(s, "127.0.0.1", "/v2/x/tags/list"))), u -> null)) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).contains("\"a\"");
        }
        assertThat(calls.get()).isEqualTo(2);
        // The server's second, not the policy's 10 ms backoff, between the first and the second request.
        assertThat(waits).containsExactly(new Wait(Duration.ofSeconds(1), 1));
    }

    @Test
    void serverErrorsAreRetriedWithBackoffThenReturned() throws IOException {
        HttpServer s = server();
        AtomicInteger calls = new AtomicInteger();
        s.createContext("/flaky", ex -> answer(ex, calls.incrementAndGet() < 3 ? 503 : 200, "ok"));
        s.createContext("/down", ex -> answer(ex, 502, "bad gateway"));

        try (Response r = http.send(Request.get(URI.create(url(s, "127.0.0.1", "/flaky"))), u -> null)) {
            assertThat(r.status()).isEqualTo(200);
        }
        assertThat(calls.get()).isEqualTo(3);
        try (Response r = http.send(Request.get(URI.create(url(s, "127.0.0.1", "/down"))), u -> null)) {
            assertThat(r.status()).isEqualTo(502);
        }
    }

    @Test
    void oneShotBodiesAreNeverSentTwice() throws IOException {
        HttpServer s = server();
        AtomicInteger calls = new AtomicInteger();
        s.createContext("/upload", ex -> {
            calls.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            answer(ex, 503, "");
        });
        byte[] data = "blob".getBytes(StandardCharsets.UTF_8);
        Request put = new Request("PUT", URI.create(url(s, "127.0.0.1", "/upload")), Map.of(),
                Body.stream(new ByteArrayInputStream(data), data.length));
        try (Response r = http.send(put, u -> null)) {
            assertThat(r.status()).isEqualTo(503);
        }
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void redirectToAnotherHostDoesNotCarryAuthorization() throws IOException {
        HttpServer storage = server();
        List<String> seen = new CopyOnWriteArrayList<>();
        storage.createContext("/bucket/blob", ex -> {
            seen.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            answer(ex, 200, "blob bytes");
        });
        HttpServer registry = server();
        // "localhost" and "127.0.0.1" are different origins, as a CDN host would be.
        registry.createContext("/v2/x/blobs/sha256:ab", ex -> {
            seen.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            ex.getResponseHeaders().add("Location", url(storage, "localhost", "/bucket/blob"));
            answer(ex, 307, "");
        });

        try (Response r = http.send(Request.get(URI.create(url(registry, "127.0.0.1", "/v2/x/blobs/sha256:ab"))),
                u -> "Bearer secret-token")) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("blob bytes");
        }
        assertThat(seen).containsExactly("Bearer secret-token", "null");
    }

    @Test
    void aRedirectToSomethingThatIsNoUriIsTheRegistrysErrorNamed() throws IOException {
        HttpServer registry = server();
        registry.createContext("/v2/x/blobs/sha256:ab", ex -> {
            ex.getResponseHeaders().add("Location", "/bucket/a blob|%zz");
            answer(ex, 307, "");
        });

        assertThatThrownBy(() -> http.send(Request.get(URI.create(url(registry, "127.0.0.1", "/v2/x/blobs/sha256:ab"))), u -> null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("the registry's Location header is not a URI ('/bucket/a blob|%zz' in the answer to http://127.0.0.1:");
    }

    @Test
    void everyRequestNamesGantryAsItsUserAgent() throws IOException {
        HttpServer s = server();
        List<String> agents = new CopyOnWriteArrayList<>();
        s.createContext("/v2/", ex -> {
            agents.add(ex.getRequestHeaders().getFirst("User-Agent"));
            ex.getRequestBody().readAllBytes();
            answer(ex, 200, "{}");
        });
        URI uri = URI.create(url(s, "127.0.0.1", "/v2/"));
        byte[] data = "blob".getBytes(StandardCharsets.UTF_8);
        http.send(Request.get(uri), u -> null).close(); // over HttpURLConnection
        http.send(new Request("PATCH", uri, Map.of(), Body.stream(new ByteArrayInputStream(data), data.length)), u -> null).close();
        assertThat(agents).hasSize(2).allSatisfy(agent -> assertThat(agent).startsWith("gantry/"));
    }

    @Test
    void retryAfterAcceptsSecondsAndHttpDatesAndIsCapped() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(30));
        assertThat(policy.delay(1, java.util.Optional.of("2"))).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delay(1, java.util.Optional.of("86400"))).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.delay(1, java.util.Optional.of("Wed, 21 Oct 2015 07:28:00 GMT"))).isEqualTo(Duration.ZERO);
        assertThat(policy.delay(3, java.util.Optional.of("soon"))).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    }
}
