package dev.gantry.registry.auth;

import dev.gantry.registry.it.TwoNodesOnS3AndPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link BasicAuthTest} on two nodes over S3 + PostgreSQL, requests taking turns between them: the guessing client's
 * failures are counted in the database for both nodes, so it is refused after as many as against one.
 */
@ExtendWith(TwoNodesOnS3AndPostgres.class)
class BasicAuthOnTwoNodesTest extends BasicAuthTest {
}
