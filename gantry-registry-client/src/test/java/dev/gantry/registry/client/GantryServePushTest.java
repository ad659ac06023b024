package dev.gantry.registry.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.copy.CopyOptions;
import dev.gantry.copy.ImageCopier;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Json;
import dev.gantry.ref.Reference;
import dev.gantry.registry.server.RegistryConfig;
import dev.gantry.registry.server.RegistryServer;
import dev.gantry.testing.PeerTools;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.RemoteOptions;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pushes to gantry serve's own registry, started in the test's JVM, whose JSON access log says
 * how each blob went up: streamed in one PATCH, and continued from the server's offset when
 * that PATCH is cut.
 */
class GantryServePushTest {
    private static final int MIB = 1 << 20;
    @TempDir
    Path dir;
    private final ByteArrayOutputStream accessLog = new ByteArrayOutputStream();
    private RegistryServer server;
    private RemoteOptions options;

    @BeforeEach
    void start() throws Exception {
        server = new RegistryServer(RegistryConfig.defaults().withAddress("127.0.0.1", 0).withDataDir(dir.resolve("data"))
                .withShutdownGrace(Duration.ZERO), new PrintStream(accessLog, true, StandardCharsets.UTF_8)).start();
        options = new RemoteOptions(true, dir.resolve("none.json"));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void aFortyMebibyteLayerGoesUpInOnePatch() throws IOException {
        byte[] layer = BlobUploadResumeTest.random(40 * MIB, 40);
        Reference ref = Reference.parse("127.0.0.1:" + server.port() + "/streamed/big:v1");

        Descriptor pushed = push(layer, ref);

        List<JsonNode> patches = requests("PATCH");
        assertThat(patches).hasSize(1);
        assertThat(patches.getFirst().path("bytesIn").asLong()).isEqualTo(layer.length);
        assertThat(patches.getFirst().path("status").asInt()).isEqualTo(202);
        assertPulledBack(ref, pushed, layer);
    }

    @Test
    void aPatchCutMidLayerContinuesFromTheServersOffset() throws IOException {
        byte[] layer = BlobUploadResumeTest.random(6 * MIB, 6);
        try (UploadCuttingProxy proxy = new UploadCuttingProxy(server.port(), 3L * MIB)) {
            Reference ref = Reference.parse(proxy.host() + "/cut/layer:v1");

            Descriptor pushed = push(layer, ref);

            assertThat(proxy.cutMade()).isTrue();
            JsonNode continued = requests("PATCH").getLast();
            String log = accessLog.toString(StandardCharsets.UTF_8);
            assertThat(continued.path("status").asInt()).as(log).isEqualTo(202);
            // The server accepts a PATCH only where its copy ends (416 otherwise): the rest went up, not the blob again.
            assertThat(continued.path("bytesIn").asLong()).as(log).isPositive().isLessThan(layer.length);
            // One session per blob: nothing was restarted. (How many bytes went up twice depends on timing: a status GET
            // answered while the server still stores the cut request's bytes reports an offset that a 416 then corrects.)
            assertThat(requests("POST")).as(log).hasSize(2);
            assertPulledBack(Reference.parse("127.0.0.1:" + server.port() + "/cut/layer:v1"), pushed, layer);
        }
    }

    private Descriptor push(byte[] layer, Reference ref) throws IOException {
        Path layout = OneLayerLayout.write(dir.resolve("layout-" + layer.length), layer);
        try (ImageSource source = Transports.openSource(TransportRef.parse("oci:" + layout + ":v1"));
             ImageTarget target = new RegistryTransportProvider().openTarget(ref, options)) {
            return new ImageCopier(source, target, CopyOptions.defaults()).copy();
        }
    }

    /** skopeo sees the pushed digest, and the layer reads back byte for byte. */
    private void assertPulledBack(Reference ref, Descriptor pushed, byte[] layer) throws IOException {
        String inspected = PeerTools.stdout(dir, "skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}", "docker://" + ref);
        assertThat(inspected.strip()).isEqualTo(pushed.digest().toString());
        RegistryClient client = RegistryTransportProvider.client(ref, options);
        Descriptor layerDescriptor = BlobUploadResumeTest.descriptor(layer);
        try (InputStream in = client.open(layerDescriptor)) {
            assertThat(in.readAllBytes()).isEqualTo(layer);
        }
    }

    private List<JsonNode> requests(String method) {
        return accessLog.toString(StandardCharsets.UTF_8).lines()
                .map(line -> Json.tree(line.getBytes(StandardCharsets.UTF_8), "access log line"))
                .filter(line -> line.path("method").asText().equals(method))
                .toList();
    }
}
