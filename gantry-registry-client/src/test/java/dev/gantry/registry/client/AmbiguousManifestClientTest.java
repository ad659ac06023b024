package dev.gantry.registry.client;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;
import dev.gantry.image.Images;
import dev.gantry.oci.MediaTypes;
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

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CVE-2021-41190 from the client's side: a registry (played by a small server, since Gantry's
 * and docker-registry refuse such pushes) serves a body that is both an image and an index,
 * or one whose mediaType disagrees with the Content-Type. The pull refuses before using it.
 */
class AmbiguousManifestClientTest {
    private static final String CONFIG = "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
            + Digest.sha256("c".getBytes(StandardCharsets.UTF_8)) + "\",\"size\":1}";
    private static final String CHILD = "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
            + Digest.sha256("m".getBytes(StandardCharsets.UTF_8)) + "\",\"size\":1}";

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void pullRefusesAManifestThatIsAlsoAnIndex(@TempDir Path dir) throws IOException {
        String body = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":" + CONFIG
                + ",\"layers\":[],\"manifests\":[" + CHILD + "]}";
        try (RegistrySource source = serve(body, MediaTypes.OCI_MANIFEST, dir)) {
            assertThatThrownBy(() -> Images.open(source))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("ambiguous manifest")
                    .hasMessageContaining(Digest.sha256(body.getBytes(StandardCharsets.UTF_8)).toString());
        }
    }

    @Test
    void pullRefusesABodyWhoseMediaTypeDisagreesWithTheContentType(@TempDir Path dir) throws IOException {
        String body = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[" + CHILD + "]}";
        try (RegistrySource source = serve(body, MediaTypes.OCI_MANIFEST, dir)) {
            assertThatThrownBy(() -> Images.open(source))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("declares mediaType " + MediaTypes.OCI_INDEX)
                    .hasMessageContaining("named as " + MediaTypes.OCI_MANIFEST);
        }
    }

    /** A registry whose every manifest GET/HEAD answers {@code body} with {@code contentType}. */
    private RegistrySource serve(String body, String contentType, Path dir) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", ex -> {
            boolean manifest = ex.getRequestURI().getPath().startsWith("/v2/app/manifests/");
            byte[] answer = manifest ? bytes : "{}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", manifest ? contentType : "application/json");
            if (manifest) {
                ex.getResponseHeaders().set("Docker-Content-Digest", Digest.sha256(bytes).toString());
            }
            boolean head = ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(200, head ? -1 : answer.length);
            if (!head) {
                ex.getResponseBody().write(answer);
            }
            ex.close();
        });
        server.start();
        Reference reference = Reference.parse("127.0.0.1:" + server.getAddress().getPort() + "/app:v1");
        RegistryClient client = RegistryTransportProvider.client(reference, new RemoteOptions(true, dir.resolve("none.json")));
        return new RegistrySource(client, reference);
    }
}
