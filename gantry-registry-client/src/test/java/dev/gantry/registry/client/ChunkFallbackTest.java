package dev.gantry.registry.client;

import dev.gantry.oci.Descriptor;
import dev.gantry.registry.client.UploadRecordingRegistry.Received;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;

import static dev.gantry.registry.client.BlobUploadResumeTest.descriptor;
import static dev.gantry.registry.client.BlobUploadResumeTest.opening;
import static dev.gantry.registry.client.BlobUploadResumeTest.random;
import static org.assertj.core.api.Assertions.assertThat;

/** Blobs go up in one PATCH unless the registry needs smaller requests; then, and only then, in chunks. */
class ChunkFallbackTest {
    private static final int MIB = 1 << 20;

    @Test
    void aRegistryThatRefusesTheWholeBlobAs413GetsItInChunksAndSoDoTheSessionsLaterBlobs() throws IOException {
        byte[] first = random(7 * MIB / 2, 1);
        byte[] second = random(5 * MIB / 2, 2);
        try (UploadRecordingRegistry registry = new UploadRecordingRegistry().refusingRequestsAbove(MIB)) {
            RegistryClient client = new RegistryClient(registry.session(), "r", true);
            UploadPolicy policy = new UploadPolicy(0, MIB, false);

            client.putBlob(descriptor(first), opening(first, new ArrayList<>()), policy);
            client.putBlob(descriptor(second), opening(second, new ArrayList<>()), policy);

            assertThat(registry.blob(descriptor(first).digest())).hasValue(first);
            assertThat(registry.blob(descriptor(second).digest())).hasValue(second);
            assertThat(registry.requests()).extracting(r -> r.method() + " " + r.upload() + " " + r.status()).containsExactly(
                    "POST u1 202", "PATCH u1 413", "DELETE u1 204",
                    "POST u2 202", "PATCH u2 202", "PATCH u2 202", "PATCH u2 202", "PATCH u2 202", "PUT u2 201",
                    "POST u3 202", "PATCH u3 202", "PATCH u3 202", "PATCH u3 202", "PUT u3 201");
            assertThat(registry.requests("PATCH").subList(1, 5)).extracting(Received::contentRange)
                    .containsExactly("0-1048575", "1048576-2097151", "2097152-3145727", "3145728-3670015");
        }
    }

    @Test
    void aRegistryAnnouncingAMaximumChunkLengthGetsChunksOfThatSizeWithoutARefusal() throws IOException {
        byte[] content = random(2_500_000, 3);
        Descriptor blob = descriptor(content);
        try (UploadRecordingRegistry registry = new UploadRecordingRegistry().postHeader("OCI-Chunk-Max-Length", "1000000")
                .refusingRequestsAbove(1_000_000)) {
            new RegistryClient(registry.session(), "r", true).putBlob(blob, opening(content, new ArrayList<>()), UploadPolicy.DEFAULT);

            assertThat(registry.blob(blob.digest())).hasValue(content);
            assertThat(registry.requests("PATCH")).extracting(Received::contentRange)
                    .containsExactly("0-999999", "1000000-1999999", "2000000-2499999");
        }
    }

    /** OCI-Chunk-Min-Length bounds chunks from below: the whole blob in one PATCH is above it (or is the last chunk). */
    @Test
    void aMinimumChunkLengthStillGetsOnePatch() throws IOException {
        byte[] content = random(3 * MIB, 4);
        Descriptor blob = descriptor(content);
        try (UploadRecordingRegistry registry = new UploadRecordingRegistry().postHeader("OCI-Chunk-Min-Length", String.valueOf(5 * MIB))) {
            new RegistryClient(registry.session(), "r", true).putBlob(blob, opening(content, new ArrayList<>()), UploadPolicy.DEFAULT);

            assertThat(registry.blob(blob.digest())).hasValue(content);
            assertThat(registry.requests("PATCH")).extracting(Received::contentRange).containsExactly("0-" + (content.length - 1));
        }
    }

    @Test
    void chunksAskedForAreAtLeastTheRegistrysMinimum() throws IOException {
        byte[] content = random(3 * MIB, 5);
        Descriptor blob = descriptor(content);
        try (UploadRecordingRegistry registry = new UploadRecordingRegistry().postHeader("OCI-Chunk-Min-Length", String.valueOf(2 * MIB))) {
            new RegistryClient(registry.session(), "r", true).putBlob(blob, opening(content, new ArrayList<>()), UploadPolicy.chunked(0, MIB));

            assertThat(registry.blob(blob.digest())).hasValue(content);
            assertThat(registry.requests("PATCH")).extracting(Received::contentRange)
                    .containsExactly("0-" + (2 * MIB - 1), 2 * MIB + "-" + (content.length - 1));
        }
    }
}
