package dev.gantry.registry.auth;

import dev.gantry.registry.it.TwoNodesOnS3AndPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link TokenAuthTest}, every case, on two nodes over S3 + PostgreSQL, requests taking turns between them. */
@ExtendWith(TwoNodesOnS3AndPostgres.class)
class TokenAuthOnTwoNodesTest extends TokenAuthTest {
}
