package dev.gantry.registry.s3;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What only the S3 driver promises, beyond the shared suite: abandoned multipart uploads are aborted. */
class S3StorageDriverTest {
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

    @Test
    void theJanitorAbortsUploadsOlderThanItsAgeOnly() throws Exception {
        try (S3StorageDriver driver = (S3StorageDriver) new S3StorageDriverProvider().open(s3.newStorage(Map.of("prefix", "reg")))) {
            String abandoned = driver.client().createMultipartUpload(c -> c.bucket(driver.bucket()).key("reg/uploads/dead")).uploadId();
            driver.client().uploadPart(u -> u.bucket(driver.bucket()).key("reg/uploads/dead").uploadId(abandoned).partNumber(1),
                    software.amazon.awssdk.core.sync.RequestBody.fromByteBuffer(ByteBuffer.wrap(new byte[100])));
            String outside = driver.client().createMultipartUpload(c -> c.bucket(driver.bucket()).key("other/x")).uploadId();

            assertThat(driver.abortAbandonedUploads(Duration.ofHours(1))).as("young uploads are kept").isZero();
            // S3Proxy reports the time of the listing as every upload's start, so the cutoff is put after it here.
            assertThat(driver.abortUploadsStartedBefore(Instant.now().plusSeconds(60))).as("only those under the prefix").isEqualTo(1);

            var left = driver.client().listMultipartUploads(l -> l.bucket(driver.bucket())).uploads();
            assertThat(left).extracting(u -> u.uploadId()).containsExactly(outside);
        }
    }
}
