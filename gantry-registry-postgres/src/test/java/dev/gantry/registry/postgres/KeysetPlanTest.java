package dev.gantry.registry.postgres;

import dev.gantry.registry.metadata.DatabaseConfig;
import dev.gantry.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paged lists (catalog, tags, referrers) are index-backed keyset queries: with 20,000 rows in
 * each table and fresh statistics, PostgreSQL's plan for a page in the middle reads the page from
 * an index and never scans the table. The plans are written to
 * {@code target/keyset-plans.txt} for the record.
 */
class KeysetPlanTest {
    private static final int ROWS = 20_000;
    private static final String SUBJECT = "sha256:" + "5".repeat(64);
    private static PostgresCluster cluster;
    private static String url;
    private static final List<String> plans = new ArrayList<>();

    @BeforeAll
    static void fill() throws Exception {
        cluster = PostgresCluster.start();
        url = cluster.jdbcUrl(cluster.createDatabase());
        // The provider creates the schema (Flyway), as a server would.
        ((AutoCloseable) new PostgresMetadataStoreProvider().open(new DatabaseConfig(url, PostgresCluster.USER, null))).close();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO repositories (name) SELECT 'team-' || (i % 50) || '/repo-' || lpad(i::text, 6, '0') FROM generate_series(1, " + ROWS + ") i");
            s.execute("INSERT INTO blob_links SELECT id, 'sha256:' || md5(id::text) || md5(name), now() FROM repositories");
            s.execute("INSERT INTO repositories (name) VALUES ('big')");
            s.execute("INSERT INTO manifests SELECT r.id, 'sha256:' || lpad(i::text, 64, '0'), 'application/vnd.oci.image.manifest.v1+json', '"
                    + SUBJECT + "', now() FROM repositories r, generate_series(1, " + ROWS + ") i WHERE r.name = 'big'");
            s.execute("INSERT INTO tags SELECT r.id, 'v' || lpad(i::text, 6, '0'), 'sha256:' || lpad(i::text, 64, '0'), now() "
                    + "FROM repositories r, generate_series(1, " + ROWS + ") i WHERE r.name = 'big'");
            s.execute("INSERT INTO referrers SELECT r.id, '" + SUBJECT + "', 'sha256:' || lpad(i::text, 64, '0'), "
                    + "CASE WHEN i % 2 = 0 THEN 'type/even' ELSE 'type/odd' END, '{}'::bytea "
                    + "FROM repositories r, generate_series(1, " + ROWS + ") i WHERE r.name = 'big'");
            s.execute("ANALYZE");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (!plans.isEmpty()) {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/keyset-plans.txt"), String.join("\n\n", plans) + "\n");
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(url, PostgresCluster.USER, "");
    }

    private static String plan(String name, String query, Object... parameters) throws Exception {
        StringBuilder text = new StringBuilder("-- " + name + "\n");
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("EXPLAIN " + query)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    text.append(r.getString(1)).append('\n');
                }
            }
        }
        plans.add(text.toString().strip());
        return text.toString();
    }

    @Test
    void aCatalogPageWalksTheCatalogIndex() throws Exception {
        String plan = plan("catalog page after team-25/repo-010025", PostgresMetadataStore.CATALOG_PAGE, "team-25/repo-010025", 101);
        assertThat(plan).contains("Index Scan using repositories_catalog").doesNotContain("Seq Scan on repositories").doesNotContain("Seq Scan on blob_links").doesNotContain("Seq Scan on manifests");
    }

    @Test
    void aTagsPageWalksTheTagsKey() throws Exception {
        String plan = plan("tags page after v010000", PostgresMetadataStore.TAGS_PAGE, "big", "v010000", 101);
        assertThat(plan).contains("Index").contains("tags_pkey").doesNotContain("Seq Scan on tags");
    }

    @Test
    void aReferrersPageWalksTheReferrersKey() throws Exception {
        String all = plan("referrers page", PostgresMetadataStore.REFERRERS_PAGE, "big", SUBJECT, "sha256:" + "0".repeat(58) + "010000", null, null, 1001L);
        assertThat(all).contains("Index Scan using referrers_").doesNotContain("Seq Scan on referrers");
        String filtered = plan("referrers page, one artifact type", PostgresMetadataStore.REFERRERS_PAGE, "big", SUBJECT, "", "type/even", "type/even", 1001L);
        assertThat(filtered).contains("Index Scan using referrers_").doesNotContain("Seq Scan on referrers");
    }
}
