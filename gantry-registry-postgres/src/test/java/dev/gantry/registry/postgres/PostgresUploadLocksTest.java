package dev.gantry.registry.postgres;

import dev.gantry.registry.metadata.LocalUploadLocks;
import dev.gantry.registry.metadata.UploadBusyException;
import dev.gantry.registry.metadata.UploadLock;
import dev.gantry.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Upload locks across nodes: each "node" here has its own JVM-local table and its own lock
 * connection, as two processes would; the database keeps them apart, and frees a node's sessions
 * when its connection dies (a node killed mid-PATCH).
 */
class PostgresUploadLocksTest {
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

    private static PostgresUploadLocks node(Duration maxWait) {
        return new PostgresUploadLocks(new LocalUploadLocks(), () -> DriverManager.getConnection(url, PostgresCluster.USER, null), maxWait);
    }

    @Test
    void aSessionHeldByOneNodeIsRefusedToAnotherUntilReleased() throws Exception {
        String id = UUID.randomUUID().toString();
        try (PostgresUploadLocks a = node(Duration.ofSeconds(60)); PostgresUploadLocks b = node(Duration.ofMillis(200))) {
            UploadLock held = a.lock(id);
            assertThatThrownBy(() -> b.lock(id)).isInstanceOf(UploadBusyException.class).hasMessageContaining(id);
            try (UploadLock other = b.lock(UUID.randomUUID().toString())) {
                assertThat(other).as("other sessions are free").isNotNull();
            }
            held.close();
            try (UploadLock taken = b.lock(id)) {
                assertThat(taken).isNotNull();
            }
        }
    }

    @Test
    void aDeadNodesSessionsAreFreedWithItsConnection() throws Exception {
        String id = UUID.randomUUID().toString();
        try (PostgresUploadLocks a = node(Duration.ofSeconds(60)); PostgresUploadLocks b = node(Duration.ofSeconds(30))) {
            a.lock(id);
            // What a SIGKILL does to the node's connection: the server side ends with it.
            try (Connection admin = DriverManager.getConnection(url, PostgresCluster.USER, null);
                 PreparedStatement kill = admin.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_locks"
                         + " WHERE locktype = 'advisory' AND classid = ? AND granted")) {
                kill.setInt(1, 0x47545259);
                kill.executeQuery().close();
            }
            try (UploadLock taken = b.lock(id)) {
                assertThat(taken).isNotNull();
            }
        }
    }
}
