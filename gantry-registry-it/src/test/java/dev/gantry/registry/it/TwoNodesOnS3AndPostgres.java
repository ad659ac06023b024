package dev.gantry.registry.it;

import dev.gantry.registry.metadata.DatabaseConfig;
import dev.gantry.registry.s3.S3Proxy;
import dev.gantry.registry.server.RegistryConfig;
import dev.gantry.registry.testing.TestRegistry;
import dev.gantry.testing.PostgresCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;

/**
 * Runs a test class's {@link TestRegistry}s as two {@code gantry serve} nodes sharing one S3 bucket
 * (S3Proxy) and one PostgreSQL database, a new bucket and database for each registry. S3Proxy and the
 * PostgreSQL cluster start once per test run (the first class that needs them) and stop when the run
 * ends, so a class costs two nodes and a {@code createdb}, not a server start-up.
 *
 * <p>Use as {@code @ExtendWith(TwoNodesOnS3AndPostgres.class)} on a subclass of a gantry-registry suite.
 */
public final class TwoNodesOnS3AndPostgres implements BeforeAllCallback, AfterAllCallback {
    /** S3Proxy and a PostgreSQL cluster, for the whole run. */
    public record Servers(S3Proxy s3, PostgresCluster postgres) implements AutoCloseable {
        /** A new, empty bucket and database, as one registry's two nodes would be configured. */
        public RegistryConfig place(RegistryConfig config) throws Exception {
            DatabaseConfig database = new DatabaseConfig(postgres.jdbcUrl(postgres.createDatabase()), PostgresCluster.USER, null);
            return config.withStorage(s3.newStorage(Map.of())).withDatabase(database);
        }

        @Override
        public void close() throws Exception {
            try (PostgresCluster stopPostgres = postgres) {
                s3.close();
            }
        }
    }

    /** The run's servers, started by the first caller. */
    public static Servers servers(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(Servers.class, key -> start(), Servers.class);
    }

    private static Servers start() {
        try {
            S3Proxy s3 = S3Proxy.start();
            try {
                return new Servers(s3, PostgresCluster.start());
            } catch (Exception | AssertionError e) {
                s3.close();
                throw e;
            }
        } catch (RuntimeException | AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy and PostgreSQL: " + e.getMessage(), e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Servers servers = servers(context);
        TestRegistry.useDeployment(new TestRegistry.Deployment() {
            @Override
            public int nodes() {
                return 2;
            }

            @Override
            public RegistryConfig place(RegistryConfig config) throws Exception {
                return servers.place(config);
            }
        });
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestRegistry.useDeployment(TestRegistry.Deployment.EMBEDDED);
    }
}
