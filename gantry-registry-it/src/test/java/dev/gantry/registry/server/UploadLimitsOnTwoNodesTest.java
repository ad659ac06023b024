package dev.gantry.registry.server;

import dev.gantry.registry.it.TwoNodesOnS3AndPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link UploadLimitsTest}, every case, on two nodes over S3 + PostgreSQL, requests taking turns between them. */
@ExtendWith(TwoNodesOnS3AndPostgres.class)
class UploadLimitsOnTwoNodesTest extends UploadLimitsTest {
}
