package dev.gantry.registry.interop;

import dev.gantry.registry.it.TwoNodesOnS3AndPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link PodmanInteropTest} on two nodes over S3 + PostgreSQL: each tool command goes to the other node than the one before. */
@ExtendWith(TwoNodesOnS3AndPostgres.class)
class PodmanInteropOnTwoNodesTest extends PodmanInteropTest {
}
