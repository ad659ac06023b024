package dev.gantry.registry.postgres;

import dev.gantry.registry.metadata.LocalUploadLocks;
import dev.gantry.registry.metadata.UploadBusyException;
import dev.gantry.registry.metadata.UploadLock;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

/**
 * Upload locks every node sees: a PostgreSQL advisory lock per upload session, taken on top of
 * the JVM's own ({@link LocalUploadLocks}). The locks live on one connection of their own, kept
 * out of the pool: a session lock is held for a whole PATCH, which may stream for minutes, and
 * holding a pooled connection that long per upload would starve the pool. The database drops a
 * connection's locks when it goes away, so a node killed mid-PATCH frees its sessions at once
 * (its socket closes with the process) and another node continues them.
 *
 * <p>The lock is tried, not waited for in the database ({@code pg_try_advisory_lock}), since
 * one connection serves every session: a waiting request polls every 25 ms, up to
 * {@code maxWait}, then is refused ({@link UploadBusyException}, a 416 with the session's size).
 * If the connection breaks (a database restart), a new one is made; the locks held on the old
 * one are gone with it, which the requests holding them cannot notice (they finish unguarded).
 */
final class PostgresUploadLocks implements AutoCloseable {
    /** The advisory lock namespace of upload sessions ("GTRY"); the other key is the session's hash. */
    private static final int NAMESPACE = 0x47545259;
    private static final long POLL_MILLIS = 25;

    /** Makes the locks' own connection. */
    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    private final LocalUploadLocks local;
    private final Connector connector;
    private final Duration maxWait;
    private Connection connection;

    PostgresUploadLocks(LocalUploadLocks local, Connector connector, Duration maxWait) {
        this.local = local;
        this.connector = connector;
        this.maxWait = maxWait;
    }

    @SuppressWarnings("try") // the local lock is handed on, not used in the block
    UploadLock lock(String id) throws IOException {
        UploadLock local = this.local.lock(id);
        int key = UUID.fromString(id).hashCode();
        try {
            long deadline = System.nanoTime() + maxWait.toNanos();
            while (!call("SELECT pg_try_advisory_lock(?, ?)", key)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new UploadBusyException(id, "upload " + id + " is being written through another node for over "
                            + maxWait.toSeconds() + " s");
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            local.close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for upload " + id);
        } catch (IOException | RuntimeException e) {
            local.close();
            throw e;
        }
        return new UploadLock() {
            private boolean released;

            @Override
            public void close() {
                if (released) {
                    return;
                }
                released = true;
                try {
                    call("SELECT pg_advisory_unlock(?, ?)", key);
                } catch (IOException e) {
                    // The connection broke: the database dropped the lock with it.
                } finally {
                    local.close();
                }
            }
        };
    }

    /** Runs one lock function on the locks' connection, making it anew once when it broke. */
    private synchronized boolean call(String sql, int key) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                if (connection == null || connection.isClosed()) {
                    connection = connector.connect();
                }
                try (PreparedStatement s = connection.prepareStatement(sql)) {
                    s.setInt(1, NAMESPACE);
                    s.setInt(2, key);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        return r.getBoolean(1);
                    }
                }
            } catch (SQLException e) {
                closeQuietly();
                if (attempt == 2) {
                    throw new IOException("metadata database: cannot lock an upload session: " + e.getMessage()
                            + " (SQLSTATE " + e.getSQLState() + ")", e);
                }
            }
        }
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // broken already
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
