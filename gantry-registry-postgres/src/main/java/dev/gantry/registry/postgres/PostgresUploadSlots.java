package dev.gantry.registry.postgres;

import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;
import dev.gantry.registry.metadata.LocalUploadSlots;
import dev.gantry.registry.metadata.UploadSlots;

import javax.sql.DataSource;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * {@link UploadSlots} counted in the {@code upload_slots} table, so a limit holds across every node
 * sharing the database. A reservation locks the table (SHARE ROW EXCLUSIVE: reservers queue, the
 * other calls do not wait for each other) so two nodes cannot both take the last slot. As
 * {@link LocalUploadSlots}, a session idle for {@link LocalUploadSlots#IDLE} stops counting; so
 * does one that looks busy but has not been seen for {@link #ABANDONED}, which is what a node
 * killed in the middle of a request leaves behind.
 */
final class PostgresUploadSlots implements UploadSlots {
    /** A busy session unseen this long is taken for one its node died holding. */
    static final Duration ABANDONED = Duration.ofHours(1);

    private final DataSource dataSource;
    private final int max;
    private final Clock clock;

    PostgresUploadSlots(DataSource dataSource, int max, Clock clock) {
        this.dataSource = dataSource;
        this.max = max;
        this.clock = clock;
    }

    @Override
    public String reserve() {
        if (max == 0) {
            return null;
        }
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("LOCK TABLE upload_slots IN SHARE ROW EXCLUSIVE MODE");
                }
                try (PreparedStatement s = c.prepareStatement("DELETE FROM upload_slots WHERE (busy = 0 AND last_seen < ?) OR last_seen < ?")) {
                    s.setObject(1, now.minus(LocalUploadSlots.IDLE).atOffset(ZoneOffset.UTC));
                    s.setObject(2, now.minus(ABANDONED).atOffset(ZoneOffset.UTC));
                    s.executeUpdate();
                }
                int open;
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM upload_slots")) {
                    r.next();
                    open = r.getInt(1);
                }
                if (open >= max) {
                    c.rollback();
                    throw new RegistryException(ErrorCode.TOOMANYREQUESTS, "this registry takes at most " + max
                            + " uploads at once and that many are open; retry in a few seconds", Map.of("limit", max));
                }
                String reservation = "reserved-" + UUID.randomUUID();
                try (PreparedStatement s = c.prepareStatement("INSERT INTO upload_slots (key, last_seen, busy) VALUES (?, ?, 1)")) {
                    s.setString(1, reservation);
                    s.setObject(2, now.atOffset(ZoneOffset.UTC));
                    s.executeUpdate();
                }
                c.commit();
                return reservation;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("reserve an upload slot", e);
        }
    }

    @Override
    public void bind(String reservation, String id) {
        if (reservation != null) {
            update("bind an upload slot", "UPDATE upload_slots SET key = ?, busy = 0, last_seen = ? WHERE key = ?", id, now(), reservation);
        }
    }

    @Override
    public void enter(String id) {
        update("mark an upload busy", "UPDATE upload_slots SET busy = busy + 1, last_seen = ? WHERE key = ?", now(), id);
    }

    @Override
    public void leave(String id) {
        update("mark an upload idle", "UPDATE upload_slots SET busy = GREATEST(0, busy - 1), last_seen = ? WHERE key = ?", now(), id);
    }

    @Override
    public void release(String key) {
        if (key != null) {
            update("release an upload slot", "DELETE FROM upload_slots WHERE key = ?", key);
        }
    }

    private Object now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private void update(String what, String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static UncheckedIOException failure(String what, SQLException e) {
        return new UncheckedIOException(new java.io.IOException("metadata database: cannot " + what + ": " + e.getMessage()
                + " (SQLSTATE " + e.getSQLState() + ")", e));
    }
}
