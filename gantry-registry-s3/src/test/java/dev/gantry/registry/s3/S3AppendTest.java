package dev.gantry.registry.s3;

import dev.gantry.registry.storage.StorageWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Appends that span many writers (one per PATCH request) keep one S3 multipart upload open, with
 * its state beside the object: nothing is copied server-side per writer, each byte is sent a
 * bounded number of times (so many small chunks cost linear, not quadratic, traffic), any driver
 * over the bucket (another node, a restarted one) continues the upload, and the result is
 * bit-identical.
 */
class S3AppendTest {
    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    private static S3Proxy s3;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3Proxy.start();
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    private static S3StorageDriver driver(Map<String, String> storage) throws IOException {
        return (S3StorageDriver) new S3StorageDriverProvider().open(new dev.gantry.registry.storage.StorageConfig("s3", storage, null));
    }

    private static Map<String, String> newBucket() throws IOException {
        Map<String, String> options = new java.util.HashMap<>(s3.newStorage(Map.of("partSizeMiB", "5", "prefix", "reg")).options());
        return options;
    }

    private static long append(S3StorageDriver driver, String path, long offset, byte[] bytes, int from, int to) throws IOException {
        try (StorageWriter writer = driver.writer(path, offset)) {
            writer.write(ByteBuffer.wrap(bytes, from, to - from));
            return writer.size();
        }
    }

    private static void commit(S3StorageDriver driver, String path, long offset) throws IOException {
        try (StorageWriter writer = driver.writer(path, offset)) {
            writer.commit();
        }
    }

    private static byte[] read(S3StorageDriver driver, String path) throws IOException {
        try (InputStream in = driver.reader(path, 0)) {
            return in.readAllBytes();
        }
    }

    @Test
    void twoHundredSmallChunksCostLinearTrafficAndNoCopies() throws Exception {
        byte[] blob = new byte[200 * 64 * KIB];
        new Random(1).nextBytes(blob);
        try (S3StorageDriver driver = driver(newBucket())) {
            S3RequestMetrics metrics = driver.requestMetrics();
            long sentBefore = metrics.bytesSent();
            long receivedBefore = metrics.bytesReceived();
            long size = 0;
            for (int start = 0; start < blob.length; start += 64 * KIB) {
                size = append(driver, "/up/data", size, blob, start, start + 64 * KIB);
                assertThat(driver.size("/up/data")).isEqualTo(size);
            }
            commit(driver, "/up/data", size);

            assertThat(metrics.requests("UploadPartCopy")).as("no server-side copy of the upload so far").isZero();
            assertThat(metrics.requests("CopyObject")).isZero();
            assertThat(metrics.requests("CreateMultipartUpload")).as("one multipart upload for all 200 writers").isEqualTo(1);
            // 12.5 MiB in 5 MiB parts: two full parts and the 2.5 MiB rest as the last one.
            assertThat(metrics.requests("UploadPart")).isEqualTo(3);
            assertThat(metrics.requests("CompleteMultipartUpload")).isEqualTo(1);
            long sent = metrics.bytesSent() - sentBefore;
            long received = metrics.bytesReceived() - receivedBefore;
            // Each byte goes up twice (a tail segment, then in a part) and comes back once (read into its part);
            // the states (a line per tail segment, read by each size and writer) add a few KiB per writer. The old
            // driver re-read (below 5 MiB) or copied (above) the whole upload per writer: ~200 MiB for these 12.5.
            System.out.printf("200 x 64 KiB appends: %s; %d bytes sent, %d read back, for a %d-byte blob%n",
                    metrics.requests(), sent, received, blob.length);
            assertThat(sent).as("bytes sent").isLessThan(2L * blob.length + 200 * 8 * KIB);
            assertThat(received).as("bytes read back").isLessThan(blob.length + 200 * 8 * KIB);

            assertThat(read(driver, "/up/data")).isEqualTo(blob);
            assertThat(driver.client().listMultipartUploads(l -> l.bucket(driver.bucket())).uploads()).as("completed").isEmpty();
            assertThat(driver.list("/up")).as("no append state left").containsExactly("data");
            assertThat(driver.client().listObjectsV2(l -> l.bucket(driver.bucket()).prefix("reg/up/")).contents())
                    .extracting(o -> o.key()).containsExactly("reg/up/data");
        }
    }

    @Test
    void chunksStraddlingPartsContinueOnAnotherNodeBitIdentical() throws Exception {
        byte[] blob = new byte[23 * MIB + 4321];
        new Random(2).nextBytes(blob);
        // Chunk sizes around the 5 MiB part: just under, just over, several parts at once, a byte.
        int[] chunks = {5 * MIB - 1, 1, 5 * MIB + 1, 3 * MIB, 11 * MIB - 7, 1};
        Map<String, String> bucket = newBucket();
        try (S3StorageDriver a = driver(bucket); S3StorageDriver b = driver(bucket)) {
            long size = 0;
            int start = 0;
            for (int i = 0; start < blob.length; i++) {
                int end = i < chunks.length ? Math.min(blob.length, start + chunks[i]) : blob.length;
                // Alternate nodes: the second driver knows only what the bucket holds.
                size = append(i % 2 == 0 ? a : b, "/up/data", size, blob, start, end);
                assertThat(size).isEqualTo(end);
                assertThat((i % 2 == 0 ? b : a).size("/up/data")).as("the other node sees the size").isEqualTo(end);
                start = end;
            }
            commit(b, "/up/data", size);
            assertThat(a.requestMetrics().requests("UploadPartCopy") + b.requestMetrics().requests("UploadPartCopy")).isZero();
            assertThat(read(a, "/up/data")).isEqualTo(blob);
        }
    }

    @Test
    void aReadMidAppendCompletesItAndTheAppendGoesOn() throws Exception {
        byte[] blob = new byte[7 * MIB];
        new Random(3).nextBytes(blob);
        try (S3StorageDriver driver = driver(newBucket())) {
            long size = append(driver, "/up/data", 0, blob, 0, 6 * MIB);
            try (InputStream in = driver.reader("/up/data", 5 * MIB)) {
                assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(blob, 5 * MIB, 6 * MIB));
            }
            size = append(driver, "/up/data", size, blob, 6 * MIB, blob.length);
            assertThat(size).isEqualTo(blob.length);
            assertThat(driver.getContent("/up/data", 8 * MIB)).isEqualTo(blob);
        }
    }

    @Test
    void cancelAbortsTheMultipartUploadAndDeletesTheState() throws Exception {
        byte[] blob = new byte[6 * MIB];
        try (S3StorageDriver driver = driver(newBucket())) {
            long size = append(driver, "/up/data", 0, blob, 0, blob.length);
            assertThat(driver.client().listMultipartUploads(l -> l.bucket(driver.bucket())).uploads()).hasSize(1);
            driver.writer("/up/data", size).cancel();
            assertThat(driver.client().listMultipartUploads(l -> l.bucket(driver.bucket())).uploads()).isEmpty();
            assertThat(driver.client().listObjectsV2(l -> l.bucket(driver.bucket()).prefix("reg/")).contents()).isEmpty();
        }
    }

    @Test
    void deletingTheSessionFolderAbortsItsUpload() throws Exception {
        byte[] blob = new byte[6 * MIB];
        try (S3StorageDriver driver = driver(newBucket())) {
            append(driver, "/uploads/x/data", 0, blob, 0, blob.length);
            driver.delete("/uploads/x");
            assertThat(driver.client().listMultipartUploads(l -> l.bucket(driver.bucket())).uploads()).isEmpty();
        }
    }

    @Test
    void theJanitorSparesAnUploadWhoseSessionIsStillWriting() throws Exception {
        byte[] blob = new byte[6 * MIB];
        try (S3StorageDriver driver = driver(newBucket())) {
            append(driver, "/up/data", 0, blob, 0, blob.length);
            // The upload began before the cutoff, but its state was saved after it: a session still receiving chunks.
            Instant cutoff = Instant.now().minusSeconds(60);
            assertThat(driver.abortUploadsStartedBefore(cutoff)).isZero();
            assertThat(driver.abortUploadsStartedBefore(Instant.now().plusSeconds(60))).as("a state older than the cutoff").isEqualTo(1);
        }
    }
}
