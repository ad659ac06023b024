package dev.gantry.registry.auth;

import dev.gantry.registry.it.TwoNodesOnS3AndPostgres;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link BasicAuthTest} on two nodes over S3 + PostgreSQL, requests taking turns between them. */
@ExtendWith(TwoNodesOnS3AndPostgres.class)
class BasicAuthOnTwoNodesTest extends BasicAuthTest {
    @Test
    @Disabled("LoginThrottle counts failures in each node's memory: with guesses spread over two nodes neither reaches"
            + " the limit (a guesser gets limit x nodes tries per window); a throttle shared through the database is open")
    @Override
    void aClientGuessingPasswordsIsRefusedWith429EvenWithTheRightOneUntilItsWindowPasses() {
    }
}
