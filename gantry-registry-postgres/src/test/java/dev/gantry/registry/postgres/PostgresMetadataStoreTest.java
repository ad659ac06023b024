package dev.gantry.registry.postgres;

import dev.gantry.digest.Digest;
import dev.gantry.oci.Descriptor;
import dev.gantry.registry.metadata.DatabaseConfig;
import dev.gantry.registry.metadata.ManifestRecord;
import dev.gantry.registry.metadata.MetadataStore;
import dev.gantry.registry.metadata.MetadataStoreSuite;
import dev.gantry.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

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

    /**
     * Two nodes (two stores, two pools, one database) push manifests to the same new repositories and move the
     * same tags at once: nothing fails, and each tag ends on a manifest that one of them pushed under it.
     */
    @Test
    void twoNodesRacingOnTagsAndManifestsEndConsistent() throws Exception {
        String url = cluster.jdbcUrl(cluster.createDatabase());
        try (PostgresMetadataStore a = open(url); PostgresMetadataStore b = open(url);
             ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> work = new ArrayList<>();
            for (int worker = 0; worker < 8; worker++) {
                MetadataStore node = worker % 2 == 0 ? a : b;
                int w = worker;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        String repository = "race/r" + (i % 5);
                        // The same manifest from several workers (a retried push), and moving tags.
                        ManifestRecord m = new ManifestRecord(Digest.sha256(("m" + (i % 3)).getBytes()), "application/vnd.oci.image.manifest.v1+json",
                                null, null, List.of(new Descriptor("application/vnd.oci.image.config.v1+json", Digest.sha256(("c" + w).getBytes()), 2, null, null, null, null, null)));
                        node.putManifest(repository, m, List.of("latest", "w" + (w % 2)));
                        node.linkBlob(repository, Digest.sha256(("c" + w).getBytes()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            Set<Digest> pushed = Set.of(Digest.sha256("m0".getBytes()), Digest.sha256("m1".getBytes()), Digest.sha256("m2".getBytes()));
            assertThat(a.repositories(null, 100)).containsExactly("race/r0", "race/r1", "race/r2", "race/r3", "race/r4");
            for (int r = 0; r < 5; r++) {
                String repository = "race/r" + r;
                assertThat(b.tags(repository)).containsExactly("latest", "w0", "w1");
                assertThat(a.tag(repository, "latest")).hasValueSatisfying(d -> assertThat(pushed).contains(d));
                assertThat(b.manifests(repository)).isSubsetOf(pushed).isNotEmpty();
            }
        }
    }

    private static PostgresMetadataStore open(String url) throws Exception {
        return (PostgresMetadataStore) new PostgresMetadataStoreProvider().open(new DatabaseConfig(url, PostgresCluster.USER, null));
    }
}
