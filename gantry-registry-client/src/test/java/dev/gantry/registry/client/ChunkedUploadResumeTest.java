package dev.gantry.registry.client;

import dev.gantry.copy.CopyOptions;
import dev.gantry.copy.ImageCopier;
import dev.gantry.digest.Digest;
import dev.gantry.error.TransferRestartException;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.MediaTypes;
import dev.gantry.ref.Reference;
import dev.gantry.testing.DockerRegistry;
import dev.gantry.testing.Fixtures;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.RemoteOptions;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A chunked push whose PATCH is cut midway, against docker-registry through a proxy that counts the bytes. */
class ChunkedUploadResumeTest {
    private static final int CHUNK = 1 << 20;

    /**
     * docker-registry 2.8 keeps the bytes of a PATCH cut midway but not its state token's offset, and then
     * cancels the session when asked for its status (BLOB_UPLOAD_INVALID). The client asks instead of
     * restarting, and reports that the session is gone as a restartable failure: its stream is one-shot.
     */
    @Test
    void aPatchCutMidwayAsksTheRegistryForItsOffsetAndNeverRestartsFromZero(@TempDir Path dir) throws IOException {
        byte[] content = new byte[3 * CHUNK + 12345];
        new Random(7).nextBytes(content);
        Descriptor blob = new Descriptor("application/vnd.oci.image.layer.v1.tar", Digest.sha256(content), content.length);
        try (DockerRegistry registry = DockerRegistry.start(dir)) {
            int port = Integer.parseInt(registry.host().substring(registry.host().indexOf(':') + 1));
            // Cut halfway through the second chunk's body.
            try (UploadCuttingProxy proxy = new UploadCuttingProxy(port, CHUNK + CHUNK / 2)) {
                RemoteOptions options = new RemoteOptions(true, dir.resolve("none.json"));
                RegistryClient client = RegistryTransportProvider.client(Reference.parse(proxy.host() + "/resume/blob"), options);

                assertThatThrownBy(() -> client.putBlob(blob, new ByteArrayInputStream(content), new UploadPolicy(0, CHUNK)))
                        .isInstanceOf(TransferRestartException.class)
                        .hasCauseInstanceOf(RegistryException.class)
                        .hasMessageContaining("cannot resume the interrupted upload of blob " + blob.digest())
                        .hasMessageContaining("BLOB_UPLOAD_INVALID");

                assertThat(proxy.cutMade()).isTrue();
                // Nothing past the cut chunk was sent: no restart from zero.
                assertThat(proxy.upstreamBytes.get()).isLessThan(2L * CHUNK);
            }
            assertThat(Files.exists(registry.blobData(blob.digest().toString()))).isFalse();
        }
    }

    /** The copier, which can open the blob again at its source, restarts a dropped upload once from byte 0. */
    @Test
    void aCopyWhoseUploadSessionTheRegistryDroppedSendsTheBlobAgainFromTheSource(@TempDir Path dir) throws IOException {
        byte[] content = new byte[3 * CHUNK + 12345];
        new Random(8).nextBytes(content);
        Path layout = layoutWithLayer(dir.resolve("layout"), content);
        try (DockerRegistry registry = DockerRegistry.start(dir.resolve("registry"))) {
            int port = Integer.parseInt(registry.host().substring(registry.host().indexOf(':') + 1));
            try (UploadCuttingProxy proxy = new UploadCuttingProxy(port, CHUNK + CHUNK / 2)) {
                RemoteOptions options = new RemoteOptions(true, dir.resolve("none.json"));
                Reference ref = Reference.parse(proxy.host() + "/restart/image:v1");
                Descriptor pushed;
                try (ImageSource source = Transports.openSource(TransportRef.parse("oci:" + layout + ":v1"));
                     RegistryTarget target = new RegistryTarget(RegistryTransportProvider.client(ref, options), ref,
                             new UploadPolicy(0, CHUNK))) {
                    pushed = new ImageCopier(source, target, CopyOptions.defaults()).copy();
                }

                assertThat(proxy.cutMade()).isTrue();
                // The layer went up once in part, then whole.
                assertThat(proxy.upstreamBytes.get()).isGreaterThan(content.length + CHUNK);
                assertThat(registry.blobData(Digest.sha256(content).toString())).hasBinaryContent(content);
                String skopeo = registry.skopeo(null, "inspect", "--tls-verify=false", "--format", "{{.Digest}}",
                        "docker://" + registry.host() + "/restart/image:v1").stdout().strip();
                assertThat(skopeo).isEqualTo(pushed.digest().toString());
            }
        }
    }

    private static Path layoutWithLayer(Path dir, byte[] layer) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        String layerDigest = Fixtures.store(dir, layer);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + layerDigest + "\"]}}").getBytes(StandardCharsets.UTF_8);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + Fixtures.store(dir, config) + "\",\"size\":" + config.length
                + "},\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER + "\",\"digest\":\"" + layerDigest
                + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                + "\",\"digest\":\"" + Fixtures.store(dir, manifest) + "\",\"size\":" + manifest.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"v1\"}}]}");
        return dir;
    }
}
