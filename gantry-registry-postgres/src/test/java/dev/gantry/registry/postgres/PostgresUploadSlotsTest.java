package dev.gantry.registry.postgres;

import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;
import dev.gantry.registry.metadata.DatabaseConfig;
import dev.gantry.registry.metadata.LocalUploadSlots;
import dev.gantry.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Upload slots in the database: two nodes share one limit; idle and abandoned sessions stop counting. */
class PostgresUploadSlotsTest {
    private static PostgresCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = PostgresCluster.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-06-01T00:00:00Z"));

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }
    }

    private static PostgresMetadataStore open(String url) throws Exception {
        return (PostgresMetadataStore) new PostgresMetadataStoreProvider().open(new DatabaseConfig(url, PostgresCluster.USER, null));
    }

    @Test
    void twoNodesShareOneLimitAndIdleSessionsStopCounting() throws Exception {
        String url = cluster.jdbcUrl(cluster.createDatabase());
        MovableClock clock = new MovableClock();
        try (PostgresMetadataStore storeA = open(url); PostgresMetadataStore storeB = open(url)) {
            PostgresUploadSlots a = new PostgresUploadSlots(storeA.dataSource(), 2, clock);
            PostgresUploadSlots b = new PostgresUploadSlots(storeB.dataSource(), 2, clock);
            String first = a.reserve();
            a.bind(first, "session-1");
            String second = b.reserve();
            b.bind(second, "session-2");
            assertThatThrownBy(a::reserve).isInstanceOfSatisfying(RegistryException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.TOOMANYREQUESTS));

            // A session finished on the other node frees the slot for this one.
            b.release("session-1");
            a.bind(a.reserve(), "session-3");
            assertThatThrownBy(b::reserve).isInstanceOf(RegistryException.class);

            // Idle sessions age out; a busy one does not, until it looks abandoned.
            a.enter("session-2");
            clock.advance(LocalUploadSlots.IDLE.plusSeconds(1));
            b.bind(b.reserve(), "session-4");
            assertThatThrownBy(a::reserve).isInstanceOf(RegistryException.class);
            clock.advance(PostgresUploadSlots.ABANDONED);
            assertThat(a.reserve()).startsWith("reserved-");
        }
    }

    @Test
    void noLimitTakesNoSlot() throws Exception {
        try (PostgresMetadataStore store = open(cluster.jdbcUrl(cluster.createDatabase()))) {
            assertThat(store.uploadSlots(0).reserve()).isNull();
        }
    }
}
