package dev.gantry.registry.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.digest.Digest;
import dev.gantry.error.GantryException;
import dev.gantry.ref.Reference;
import dev.gantry.transport.RemoteOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The referrers API split over pages with Link headers (distribution-spec: "the registry MAY
 * ... paginate"). docker-registry has no referrers API and Gantry's server pages only past
 * 1,000 referrers, so a small server in the test plays a registry that pages after each one.
 */
class ReferrersPagingTest {
    private static final Digest SUBJECT = Digest.sha256("subject".getBytes(StandardCharsets.UTF_8));
    private static final String FIRST = "sha256:" + "1".repeat(64);
    private static final String SECOND = "sha256:" + "2".repeat(64);

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void followsLinkHeadersToEveryPage(@TempDir Path dir) throws IOException {
        RegistryClient client = registry(Map.of("", page(FIRST, "?last=1"), "last=1", page(SECOND, null)), dir);

        assertThat(client.referrers(SUBJECT)).extracting(d -> d.digest().toString()).containsExactly(FIRST, SECOND);
    }

    @Test
    void refusesALinkBackToAPageAlreadyRead(@TempDir Path dir) throws IOException {
        RegistryClient client = registry(Map.of("", page(FIRST, "?last=1"), "last=1", page(SECOND, "?last=1")), dir);

        assertThatThrownBy(() -> client.referrers(SUBJECT)).isInstanceOf(GantryException.class)
                .hasMessageContaining("leads back to").hasMessageContaining("last=1");
    }

    /** A referrers page: an index with one artifact manifest, and a Link to {@code next} (a query) when given. */
    private static String[] page(String digest, String next) {
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + digest + "\",\"size\":10,"
                + "\"artifactType\":\"application/vnd.example.sbom\"}]}";
        return new String[]{index, next};
    }

    /** Pages by query string ("" for the first); /v2/ answers 200 like an open registry. */
    private RegistryClient registry(Map<String, String[]> pages, Path dir) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", ex -> {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/v2/")) {
                answer(ex, 200, "{}", null);
            } else if (path.equals("/v2/app/referrers/" + SUBJECT)) {
                String[] page = pages.get(ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
                answer(ex, 200, page[0], page[1] == null ? null : "<" + path + page[1] + ">; rel=\"next\"");
            } else {
                answer(ex, 404, "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"no such path\"}]}", null);
            }
        });
        server.start();
        String host = "127.0.0.1:" + server.getAddress().getPort();
        return RegistryTransportProvider.client(Reference.parse(host + "/app"), new RemoteOptions(true, dir.resolve("none.json")));
    }

    private static void answer(HttpExchange ex, int status, String body, String link) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (link != null) {
            ex.getResponseHeaders().set("Link", link);
        }
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }
}
