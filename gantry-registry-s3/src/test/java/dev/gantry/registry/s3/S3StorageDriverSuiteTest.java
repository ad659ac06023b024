package dev.gantry.registry.s3;

import dev.gantry.registry.storage.StorageDriver;
import dev.gantry.registry.storage.StorageDriverSuite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/** The shared driver suite against {@link S3StorageDriver} over a real S3 API (S3Proxy), a fresh bucket per test,
 * the smallest part size (so the 96 MiB object crosses many parts) and a storage class passed through. */
class S3StorageDriverSuiteTest extends StorageDriverSuite {
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

    @Override
    protected StorageDriver newDriver() throws Exception {
        return new S3StorageDriverProvider().open(s3.newStorage(Map.of("prefix", "registry", "storageClass", "STANDARD", "partSizeMiB", "5")));
    }
}
