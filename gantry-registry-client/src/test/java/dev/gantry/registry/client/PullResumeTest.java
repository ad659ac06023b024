package dev.gantry.registry.client;

import dev.gantry.copy.CopyOptions;
import dev.gantry.copy.ImageCopier;
import dev.gantry.digest.Digest;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.MediaTypes;
import dev.gantry.ref.Reference;
import dev.gantry.testing.DockerRegistry;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
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

/**
 * A pull cut more often than one run resumes keeps the layer's bytes in the destination layout;
 * the next pull asks only for the rest ({@code Range}) and checks the whole layer's digest.
 */
class PullResumeTest {
    private static final RemoteOptions INSECURE = new RemoteOptions(true, null);
    private static final int LAYER = 6 << 20;

    @Test
    void aPullInterruptedInOneRunIsResumedByTheNextFromTheKeptBytes(@TempDir Path tmp) throws IOException {
        try (DockerRegistry registry = DockerRegistry.start(tmp.resolve("registry"))) {
            byte[] layer = new byte[LAYER];
            new Random(7).nextBytes(layer);
            Digest layerDigest = Digest.sha256(layer);
            pushImage(registry.host(), layer);
            int port = Integer.parseInt(registry.host().substring(registry.host().indexOf(':') + 1));
            Path dest = tmp.resolve("pulled");
            Path partial = dest.resolve("blobs/sha256/." + layerDigest.hex() + ".partial");

            // Every connection is cut after 1 MiB: the first GET and its 3 in-run resumes get ~4 of the 6 MiB.
            try (CuttingProxy flaky = new CuttingProxy(port, 1 << 20, Integer.MAX_VALUE)) {
                assertThatThrownBy(() -> pull(flaky.host(), dest)).isInstanceOf(IOException.class);
            }
            assertThat(partial).exists();
            long kept = Files.size(partial);
            assertThat(kept).isBetween(1L << 20, (long) LAYER - 1);
            assertThat(dest.resolve("blobs/sha256/" + layerDigest.hex())).doesNotExist();
            assertThat(Files.readString(dest.resolve("index.json"))).as("no image tagged").doesNotContain("digest");

            try (CuttingProxy steady = new CuttingProxy(port, 0, 0)) {
                Descriptor pulled = pull(steady.host(), dest);
                assertThat(pulled.digest().toString()).isEqualTo(registry.skopeo(null, "inspect", "--tls-verify=false",
                        "--format", "{{.Digest}}", "docker://" + registry.host() + "/resume/image:v1").stdout().strip());
                // Only the rest of the layer crossed the wire (plus headers, config and manifest).
                assertThat(steady.bytesToClient.get()).isLessThan(LAYER - kept + (64 << 10));
            }
            assertThat(partial).doesNotExist();
            assertThat(dest.resolve("blobs/sha256/" + layerDigest.hex())).hasBinaryContent(layer);
        }
    }

    private static Descriptor pull(String host, Path dest) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse("docker://" + host + "/resume/image:v1"), INSECURE);
             ImageTarget target = Transports.openTarget(TransportRef.parse("oci:" + dest + ":v1"), null, INSECURE)) {
            return new ImageCopier(source, target, CopyOptions.defaults()).copy();
        }
    }

    private static void pushImage(String host, byte[] layer) throws IOException {
        RegistryClient client = RegistryTransportProvider.client(Reference.parse(host + "/resume/image"), INSECURE);
        Descriptor layerBlob = new Descriptor(MediaTypes.OCI_LAYER, Digest.sha256(layer), layer.length);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + layerBlob.digest() + "\"]}}").getBytes(StandardCharsets.UTF_8);
        Descriptor configBlob = new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(config), config.length);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + configBlob.digest() + "\",\"size\":" + config.length
                + "},\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER + "\",\"digest\":\"" + layerBlob.digest()
                + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        client.putBlob(layerBlob, new ByteArrayInputStream(layer), UploadPolicy.DEFAULT);
        client.putBlob(configBlob, new ByteArrayInputStream(config), UploadPolicy.DEFAULT);
        client.putManifest("v1", new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256(manifest), manifest.length), manifest);
    }
}
