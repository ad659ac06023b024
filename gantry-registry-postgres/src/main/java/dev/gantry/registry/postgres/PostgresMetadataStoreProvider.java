package dev.gantry.registry.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gantry.registry.metadata.DatabaseConfig;
import dev.gantry.registry.metadata.MetadataStore;
import dev.gantry.registry.metadata.MetadataStoreProvider;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * {@code "database": {"url": "jdbc:postgresql://...", ...}}: a {@link PostgresMetadataStore} over a
 * HikariCP pool, the schema migrated by Flyway first (each node runs the migrations at start;
 * Flyway's lock lets only one apply them). Found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services}.
 */
public final class PostgresMetadataStoreProvider implements MetadataStoreProvider {
    /** The prefix of the JDBC URLs this provider serves. */
    public static final String URL_PREFIX = "jdbc:postgresql:";

    /**
     * HikariCP and Flyway log each start and migration at INFO through SLF4J to java.util.logging; a server's
     * stderr keeps their warnings only. Held here: java.util.logging keeps loggers weakly.
     */
    private static final List<Logger> QUIETED = Stream.of("com.zaxxer.hikari", "org.flywaydb").map(Logger::getLogger)
            .peek(logger -> logger.setLevel(Level.WARNING)).toList();

    /** A provider; ServiceLoader makes it. */
    public PostgresMetadataStoreProvider() {
    }

    @Override
    public String urlPrefix() {
        return URL_PREFIX;
    }

    @Override
    public MetadataStore open(DatabaseConfig config) throws IOException {
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(poolConfig(config));
        } catch (RuntimeException e) {
            // Hikari's PoolInitializationException wraps the driver's SQLException: one line, the database's own words.
            throw new IOException("cannot reach the metadata database " + config.url() + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure(PostgresMetadataStoreProvider.class.getClassLoader())
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new IOException("cannot migrate the metadata database " + config.url() + ": " + rootMessage(e), e);
        }
        return new PostgresMetadataStore(pool, pool);
    }

    /** A small pool that fails fast: a node that cannot reach its database should say so at start, not hang. */
    static HikariConfig poolConfig(DatabaseConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.url());
        if (config.user() != null) {
            hikari.setUsername(config.user());
        }
        if (config.password() != null) {
            hikari.setPassword(config.password());
        }
        hikari.setPoolName("gantry-metadata");
        hikari.setMaximumPoolSize(16);
        hikari.setConnectionTimeout(5_000);
        hikari.setInitializationFailTimeout(5_000);
        hikari.addDataSourceProperty("connectTimeout", "5");
        return hikari;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof SQLException) {
                break;
            }
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
