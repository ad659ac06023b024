package dev.gantry.registry.postgres;

import dev.gantry.registry.metadata.LoginAttempts;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link LoginAttempts} in table {@code login_failures}, shared by every node on the database: the same rule as
 * {@link dev.gantry.registry.auth.LoginThrottle} (a client with {@code limit} failures within {@code window} of its
 * first is refused until that window has passed; a success clears it), timed by the database's clock so that
 * nodes whose clocks differ agree. A database error lets the login through to the password check (and is logged):
 * the throttle slows guessing, it never decides a login on its own.
 */
final class PostgresLoginAttempts implements LoginAttempts {
    private static final Logger LOG = Logger.getLogger(PostgresLoginAttempts.class.getName());

    private final DataSource dataSource;
    private final int limit;
    private final Duration window;

    PostgresLoginAttempts(DataSource dataSource, int limit, Duration window) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a login throttle needs a limit >= 1 and a positive window");
        }
        this.dataSource = dataSource;
        this.limit = limit;
        this.window = window;
    }

    @Override
    public Optional<Duration> refusedFor(String client) {
        String sql = "SELECT (extract(epoch FROM since + ? * interval '1 millisecond' - now()) * 1000)::bigint"
                + " FROM login_failures WHERE client = ? AND failures >= ? AND since + ? * interval '1 millisecond' > now()";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, window.toMillis());
            s.setString(2, client);
            s.setInt(3, limit);
            s.setLong(4, window.toMillis());
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(Duration.ofMillis(Math.max(0, r.getLong(1)))) : Optional.empty();
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "login throttle: cannot read failed logins of " + client + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void failed(String client) {
        // A window that has passed starts again at this failure; else the count goes up. Old rows go first.
        String prune = "DELETE FROM login_failures WHERE since < now() - ? * interval '1 millisecond'";
        String count = "INSERT INTO login_failures (client, since, failures) VALUES (?, now(), 1)"
                + " ON CONFLICT (client) DO UPDATE SET"
                + " since = CASE WHEN login_failures.since + ? * interval '1 millisecond' <= now() THEN now() ELSE login_failures.since END,"
                + " failures = CASE WHEN login_failures.since + ? * interval '1 millisecond' <= now() THEN 1"
                + " ELSE login_failures.failures + 1 END";
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(prune)) {
                s.setLong(1, window.toMillis());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement(count)) {
                s.setString(1, client);
                s.setLong(2, window.toMillis());
                s.setLong(3, window.toMillis());
                s.executeUpdate();
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "login throttle: cannot count a failed login of " + client + ": " + e.getMessage());
        }
    }

    @Override
    public void succeeded(String client) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM login_failures WHERE client = ?")) {
            s.setString(1, client);
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "login throttle: cannot clear failed logins of " + client + ": " + e.getMessage());
        }
    }
}
