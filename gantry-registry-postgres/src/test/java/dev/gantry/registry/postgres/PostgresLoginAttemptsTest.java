package dev.gantry.registry.postgres;

import dev.gantry.registry.metadata.DatabaseConfig;
import dev.gantry.registry.metadata.LoginAttempts;
import dev.gantry.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Failed logins counted for all nodes: two stores on one database stand for two `gantry serve` nodes. */
class PostgresLoginAttemptsTest {
    private static PostgresCluster cluster;
    private static String url;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = PostgresCluster.start();
        url = cluster.jdbcUrl(cluster.createDatabase());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static PostgresMetadataStore node() throws Exception {
        return (PostgresMetadataStore) new PostgresMetadataStoreProvider().open(new DatabaseConfig(url, PostgresCluster.USER, null));
    }

    @Test
    void failuresSpreadOverTwoNodesCountOnceAndRefuseOnBoth() throws Exception {
        try (PostgresMetadataStore a = node(); PostgresMetadataStore b = node()) {
            LoginAttempts onA = a.sharedLoginAttempts(4, Duration.ofMinutes(1)).orElseThrow();
            LoginAttempts onB = b.sharedLoginAttempts(4, Duration.ofMinutes(1)).orElseThrow();
            for (int i = 0; i < 3; i++) {
                (i % 2 == 0 ? onA : onB).failed("192.0.2.7");
            }
            assertThat(onA.refusedFor("192.0.2.7")).as("3 of 4").isEmpty();
            onB.failed("192.0.2.7");

            assertThat(onA.refusedFor("192.0.2.7")).hasValueSatisfying(wait ->
                    assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1)));
            assertThat(onB.refusedFor("192.0.2.7")).isPresent();
            assertThat(onA.refusedFor("192.0.2.8")).as("another address").isEmpty();
        }
    }

    @Test
    void aSuccessOnOneNodeClearsTheCountForAll() throws Exception {
        try (PostgresMetadataStore a = node(); PostgresMetadataStore b = node()) {
            LoginAttempts onA = a.sharedLoginAttempts(2, Duration.ofMinutes(1)).orElseThrow();
            LoginAttempts onB = b.sharedLoginAttempts(2, Duration.ofMinutes(1)).orElseThrow();
            onA.failed("198.51.100.1");
            onB.succeeded("198.51.100.1");
            onA.failed("198.51.100.1");

            assertThat(onB.refusedFor("198.51.100.1")).as("one failure since the success").isEmpty();
        }
    }

    @Test
    void aWindowThatPassedStartsTheCountAgain() throws Exception {
        try (PostgresMetadataStore a = node()) {
            LoginAttempts attempts = a.sharedLoginAttempts(2, Duration.ofMillis(300)).orElseThrow();
            attempts.failed("203.0.113.9");
            attempts.failed("203.0.113.9");
            assertThat(attempts.refusedFor("203.0.113.9")).isPresent();
            Thread.sleep(400); // the window, measured by the database's clock, passes

            assertThat(attempts.refusedFor("203.0.113.9")).isEmpty();
            attempts.failed("203.0.113.9");
            assertThat(attempts.refusedFor("203.0.113.9")).as("a new window with one failure").isEmpty();
        }
    }
}
