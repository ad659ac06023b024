package dev.gantry.registry.api;

import dev.gantry.registry.it.TwoNodesOnS3AndPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link UploadApiTest}, every case, on two nodes over S3 + PostgreSQL, requests taking turns between them. */
@ExtendWith(TwoNodesOnS3AndPostgres.class)
class UploadApiOnTwoNodesTest extends UploadApiTest {
}
