package dev.gantry.registry.client;

import dev.gantry.copy.CopyOptions;
import dev.gantry.copy.ImageCopier;
import dev.gantry.digest.Digest;
import dev.gantry.error.TransferRestartException;
import dev.gantry.oci.Descriptor;
import dev.gantry.ref.Reference;
import dev.gantry.testing.DockerRegistry;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.RemoteOptions;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A streamed push whose PATCH is cut midway, against docker-registry (through a proxy that counts
 * the bytes), which cancels such a session instead of letting it continue.
 */
class UploadSessionDroppedTest {
    private static final int MIB = 1 << 20;

    /**
     * docker-registry 2.8 keeps the bytes of a PATCH cut midway but not its state token's offset, and then
     * cancels the session when asked for its status (BLOB_UPLOAD_INVALID). The client asks instead of
     * restarting, and reports that the session is gone as a restartable failure, for the copier to start over.
     */
    @Test
    void aPatchCutMidwayAsksTheRegistryForItsOffsetAndReportsTheDroppedSessionAsRestartable(@TempDir Path dir) throws IOException {
        byte[] content = new byte[3 * MIB + 12345];
        new Random(7).nextBytes(content);
        Descriptor blob = new Descriptor("application/vnd.oci.image.layer.v1.tar", Digest.sha256(content), content.length);
        try (DockerRegistry registry = DockerRegistry.start(dir)) {
            int port = Integer.parseInt(registry.host().substring(registry.host().indexOf(':') + 1));
            try (UploadCuttingProxy proxy = new UploadCuttingProxy(port, 3 * MIB / 2)) {
                RemoteOptions options = new RemoteOptions(true, dir.resolve("none.json"));
                RegistryClient client = RegistryTransportProvider.client(Reference.parse(proxy.host() + "/resume/blob"), options);

                assertThatThrownBy(() -> client.putBlob(blob, BlobUploadResumeTest.opening(content, new ArrayList<>()), UploadPolicy.DEFAULT))
                        .isInstanceOf(TransferRestartException.class)
                        .hasCauseInstanceOf(RegistryException.class)
                        .hasMessageContaining("cannot resume the interrupted upload of blob " + blob.digest())
                        .hasMessageContaining("BLOB_UPLOAD_INVALID");

                assertThat(proxy.cutMade()).isTrue();
                // After the cut the client asked for the session's status, and never opened a new session itself: the
                // restart is the copier's. (Whether the registry had dropped the session by the time it was asked, or
                // still answered with an offset that the client then continued from, depends on how fast it noticed
                // the cut: counting the bytes sent after it made this test fail now and then.)
                List<String> methods = proxy.methods();
                assertThat(methods).as("requests through the proxy").containsOnlyOnce("POST");
                assertThat(methods.subList(methods.indexOf("PATCH"), methods.size())).as("after the first PATCH").contains("GET");
            }
            assertThat(Files.exists(registry.blobData(blob.digest().toString()))).isFalse();
        }
    }

    /** The copier, which can open the blob again at its source, restarts a dropped upload once from byte 0. */
    @Test
    void aCopyWhoseUploadSessionTheRegistryDroppedSendsTheBlobAgainFromTheSource(@TempDir Path dir) throws IOException {
        byte[] content = new byte[3 * MIB + 12345];
        new Random(8).nextBytes(content);
        Path layout = OneLayerLayout.write(dir.resolve("layout"), content);
        try (DockerRegistry registry = DockerRegistry.start(dir.resolve("registry"))) {
            int port = Integer.parseInt(registry.host().substring(registry.host().indexOf(':') + 1));
            try (UploadCuttingProxy proxy = new UploadCuttingProxy(port, 3 * MIB / 2)) {
                RemoteOptions options = new RemoteOptions(true, dir.resolve("none.json"));
                Reference ref = Reference.parse(proxy.host() + "/restart/image:v1");
                Descriptor pushed;
                try (ImageSource source = Transports.openSource(TransportRef.parse("oci:" + layout + ":v1"));
                     RegistryTarget target = new RegistryTarget(RegistryTransportProvider.client(ref, options), ref,
                             UploadPolicy.DEFAULT)) {
                    pushed = new ImageCopier(source, target, CopyOptions.defaults()).copy();
                }

                assertThat(proxy.cutMade()).isTrue();
                // The layer went up once in part, then whole, in a new session.
                assertThat(proxy.upstreamBytes.get()).isGreaterThan(content.length + MIB);
                assertThat(registry.blobData(Digest.sha256(content).toString())).hasBinaryContent(content);
                String skopeo = registry.skopeo(null, "inspect", "--tls-verify=false", "--format", "{{.Digest}}",
                        "docker://" + registry.host() + "/restart/image:v1").stdout().strip();
                assertThat(skopeo).isEqualTo(pushed.digest().toString());
            }
        }
    }
}
