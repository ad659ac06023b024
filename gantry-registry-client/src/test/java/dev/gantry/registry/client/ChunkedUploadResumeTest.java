package dev.gantry.registry.client;

import dev.gantry.digest.Digest;
import dev.gantry.oci.Descriptor;
import dev.gantry.ref.Reference;
import dev.gantry.testing.DockerRegistry;
import dev.gantry.transport.RemoteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
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
     * cancels the session when asked for its status (BLOB_UPLOAD_INVALID). Gantry asks instead of restarting,
     * and reports that the session is gone; it never sends the blob from zero again behind the user's back.
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
                        .isInstanceOf(RegistryException.class)
                        .hasMessageContaining("cannot resume the interrupted upload of blob " + blob.digest())
                        .hasMessageContaining("BLOB_UPLOAD_INVALID");

                assertThat(proxy.cutMade()).isTrue();
                // Nothing past the cut chunk was sent: no restart from zero.
                assertThat(proxy.upstreamBytes.get()).isLessThan(2L * CHUNK);
            }
            assertThat(Files.exists(registry.blobData(blob.digest().toString()))).isFalse();
        }
    }
}
