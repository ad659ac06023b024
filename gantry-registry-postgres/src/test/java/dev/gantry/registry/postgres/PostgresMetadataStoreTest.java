package dev.gantry.registry.postgres;

import dev.gantry.registry.metadata.DatabaseConfig;
import dev.gantry.registry.metadata.MetadataStore;
import dev.gantry.registry.metadata.MetadataStoreSuite;
import dev.gantry.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The shared metadata suite against PostgreSQL: a fresh database per test in one throwaway cluster. */
class PostgresMetadataStoreTest extends MetadataStoreSuite {
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

    @Override
    protected MetadataStore newStore() throws Exception {
        String db = cluster.createDatabase();
        return new PostgresMetadataStoreProvider().open(new DatabaseConfig(cluster.jdbcUrl(db), PostgresCluster.USER, null));
    }

    @AfterEach
    void closeStore() throws Exception {
        ((AutoCloseable) store).close();
    }
}
