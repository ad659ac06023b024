package dev.gantry.registry.postgres;

import dev.gantry.digest.Digest;
import dev.gantry.registry.content.Registry;
import dev.gantry.registry.content.Repository;
import dev.gantry.registry.content.StorageLayout;
import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;
import dev.gantry.registry.metadata.DatabaseConfig;
import dev.gantry.registry.metadata.LocalUploadSlots;
import dev.gantry.registry.metadata.OnlineGcReport;
import dev.gantry.registry.storage.FileSystemDriver;
import dev.gantry.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The online collector's rules, one each, on a registry over the file-system driver and PostgreSQL:
 * what a review keeps (tagged manifests, index children, referrers of a present subject, blobs
 * another repository's manifest names, anything within the review delay) and what it deletes,
 * from the database and from storage.
 */
class OnlineGcRulesTest {
    private static final Duration NOW = Duration.ZERO;
    private static final String IMAGE = "application/vnd.oci.image.manifest.v1+json";
    private static final String INDEX = "application/vnd.oci.image.index.v1+json";
    private static PostgresCluster cluster;

    @TempDir
    Path dir;
    private PostgresMetadataStore store;
    private FileSystemDriver driver;
    private Registry registry;

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

    @BeforeEach
    void open() throws Exception {
        store = (PostgresMetadataStore) new PostgresMetadataStoreProvider().open(
                new DatabaseConfig(cluster.jdbcUrl(cluster.createDatabase()), PostgresCluster.USER, null));
        driver = new FileSystemDriver(dir.resolve("data"));
        registry = new Registry(driver, store, max -> new LocalUploadSlots(max, Clock.systemUTC()));
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    /** Passes until one finds nothing due: a chain (index, child, blobs) takes one pass per link. */
    private OnlineGcReport collect(Duration delay) throws Exception {
        OnlineGcReport total = OnlineGcReport.NONE;
        for (int pass = 0; pass < 10; pass++) {
            OnlineGcReport report = store.review(registry.blobs(), delay, 1000);
            total = total.plus(report);
            if (report.reviewed() == 0 && report.objectsDeleted() == 0) {
                return total;
            }
        }
        throw new AssertionError("the collector did not settle: " + total);
    }

    private Digest blob(Repository repository, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(bytes);
        registry.blobs().put(digest, bytes);
        repository.linkBlob(digest);
        return digest;
    }

    private static String descriptor(String mediaType, Digest digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    /** An image manifest over a config and one layer with this content, pushed under {@code tag} (null: by digest). */
    private Digest image(Repository repository, String tag, String layer, String subjectJson) throws Exception {
        Digest config = blob(repository, "{\"os\":\"linux\"}");
        Digest data = blob(repository, layer);
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + IMAGE + "\",\"config\":" + descriptor("application/vnd.oci.image.config.v1+json", config, 15)
                + ",\"layers\":[" + descriptor("application/vnd.oci.image.layer.v1.tar", data, layer.length()) + "]"
                + (subjectJson == null ? "" : ",\"artifactType\":\"application/example\",\"subject\":" + subjectJson) + "}";
        return push(repository, tag, json, IMAGE);
    }

    private Digest push(Repository repository, String tag, String json, String mediaType) throws Exception {
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(raw);
        repository.putManifest(tag == null ? digest.toString() : tag, raw, mediaType, List.of());
        return digest;
    }

    private long size(Digest digest) throws Exception {
        return registry.blobs().size(digest).orElseThrow();
    }

    private boolean stored(Digest digest) {
        return driver.exists(StorageLayout.blobData(digest));
    }

    private String blobState(Digest digest) throws Exception {
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT state FROM blobs WHERE digest = ?")) {
            s.setString(1, digest.toString());
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private void sql(String statement, Object... parameters) throws Exception {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        }
    }

    @Test
    void keepsTaggedManifestsAndDeletesUntaggedOnesWithTheirOwnBlobs() throws Exception {
        Repository repository = registry.repository("team/app");
        Digest tagged = image(repository, "v1", "kept layer", null);
        Digest untagged = image(repository, null, "lost layer", null);
        Digest keptLayer = Digest.sha256("kept layer".getBytes(StandardCharsets.UTF_8));
        Digest lostLayer = Digest.sha256("lost layer".getBytes(StandardCharsets.UTF_8));

        OnlineGcReport report = collect(NOW);

        assertThat(report.manifestsDeleted()).isEqualTo(1);
        assertThat(repository.hasManifest(tagged)).isTrue();
        assertThat(repository.hasManifest(untagged)).isFalse();
        assertThat(stored(untagged)).as("the untagged manifest's own bytes").isFalse();
        assertThat(stored(lostLayer)).isFalse();
        assertThat(repository.hasBlob(lostLayer)).isFalse();
        assertThat(blobState(lostLayer)).isEqualTo("deleted");
        assertThat(stored(keptLayer)).isTrue();
        assertThat(repository.hasBlob(keptLayer)).isTrue();
        assertThat(stored(tagged)).isTrue();

        // Untagging the last tag makes the image garbage too.
        repository.deleteManifest("v1");
        collect(NOW);
        assertThat(repository.hasManifest(tagged)).isFalse();
        assertThat(stored(tagged)).isFalse();
        assertThat(stored(keptLayer)).isFalse();
    }

    @Test
    void keepsTheChildrenOfAnIndexUntilTheIndexGoes() throws Exception {
        Repository repository = registry.repository("multi");
        Digest amd64 = image(repository, null, "amd64 layer", null);
        Digest arm64 = image(repository, null, "arm64 layer", null);
        Digest index = push(repository, "latest", "{\"schemaVersion\":2,\"mediaType\":\"" + INDEX + "\",\"manifests\":["
                + descriptor(IMAGE, amd64, size(amd64)) + "," + descriptor(IMAGE, arm64, size(arm64)) + "]}", INDEX);

        collect(NOW);
        assertThat(repository.hasManifest(amd64)).isTrue();
        assertThat(repository.hasManifest(arm64)).isTrue();
        assertThat(stored(Digest.sha256("arm64 layer".getBytes(StandardCharsets.UTF_8)))).isTrue();

        repository.deleteManifest("latest");
        OnlineGcReport report = collect(NOW);
        assertThat(report.manifestsDeleted()).isEqualTo(3);
        assertThat(repository.hasManifest(index)).isFalse();
        assertThat(repository.hasManifest(amd64)).isFalse();
        assertThat(stored(Digest.sha256("arm64 layer".getBytes(StandardCharsets.UTF_8)))).isFalse();
    }

    @Test
    void keepsAReferrerWhileItsSubjectIsThereAndDeletesItWithTheSubject() throws Exception {
        Repository repository = registry.repository("signed");
        Digest subject = image(repository, "v1", "signed layer", null);
        Digest signature = image(repository, null, "signature", descriptor(IMAGE, subject, size(subject)));

        collect(NOW);
        assertThat(repository.hasManifest(signature)).isTrue();
        assertThat(repository.referrers(subject, null)).extracting(d -> d.digest()).containsExactly(signature);

        repository.deleteManifest("v1");
        collect(NOW);
        assertThat(repository.hasManifest(subject)).isFalse();
        assertThat(repository.hasManifest(signature)).isFalse();
        assertThat(stored(Digest.sha256("signature".getBytes(StandardCharsets.UTF_8)))).isFalse();
    }

    @Test
    void keepsABlobThatAManifestInAnotherRepositoryNames() throws Exception {
        Repository a = registry.repository("a");
        Repository b = registry.repository("b");
        image(a, "v1", "shared layer", null);
        Digest inB = image(b, null, "shared layer", null);
        Digest shared = Digest.sha256("shared layer".getBytes(StandardCharsets.UTF_8));

        collect(NOW);
        assertThat(b.hasManifest(inB)).isFalse();
        assertThat(stored(shared)).isTrue();
        assertThat(a.hasBlob(shared)).isTrue();
        assertThat(blobState(shared)).isEqualTo("live");
    }

    @Test
    void deletesNothingWithinTheReviewDelay() throws Exception {
        Repository repository = registry.repository("young");
        Digest untagged = image(repository, null, "young layer", null);
        Digest loose = blob(repository, "pushed, never named");

        OnlineGcReport early = collect(Duration.ofHours(1));
        assertThat(early.reviewed()).isZero();
        assertThat(repository.hasManifest(untagged)).isTrue();
        assertThat(stored(loose)).isTrue();

        collect(NOW);
        assertThat(repository.hasManifest(untagged)).isFalse();
        assertThat(stored(loose)).isFalse();
        assertThat(repository.hasBlob(loose)).isFalse();
    }

    @Test
    void linkingOrUploadingABlobAgainPostponesItsDueReview() throws Exception {
        Repository repository = registry.repository("again");
        Digest linked = blob(repository, "linked again");
        Digest uploaded = blob(repository, "uploaded again");
        sql("UPDATE gc_blob_review_queue SET last_event_at = now() - interval '2 hours'");
        // Both are due under a one-hour delay; a push now mounts one and uploads the other.
        repository.linkBlob(linked);
        registry.blobs().put(uploaded, "uploaded again".getBytes(StandardCharsets.UTF_8));

        store.review(registry.blobs(), Duration.ofHours(1), 1000);
        assertThat(stored(linked)).isTrue();
        assertThat(stored(uploaded)).isTrue();
        assertThat(repository.hasBlob(linked)).isTrue();

        sql("UPDATE gc_blob_review_queue SET last_event_at = now() - interval '2 hours'");
        store.review(registry.blobs(), Duration.ofHours(1), 1000);
        assertThat(stored(linked)).as("nothing names it, and its last link is older than the delay").isFalse();
        assertThat(stored(uploaded)).isFalse();
    }

    @Test
    void aBlobStoredAgainAfterItWasCondemnedIsWrittenAgainAndKept() throws Exception {
        Repository repository = registry.repository("race");
        Digest layer = blob(repository, "condemned then pushed again");
        // As if a reviewer had just committed its decision and not yet deleted the object.
        sql("UPDATE blobs SET state = 'deleting' WHERE digest = ?", layer.toString());
        sql("DELETE FROM blob_links WHERE digest = ?", layer.toString());
        assertThatThrownBy(() -> repository.linkBlob(layer))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BLOB_UNKNOWN));

        // A push that uploads it again takes the row back and rewrites the bytes rather than trusting the object.
        driver.delete(StorageLayout.blobFolder(layer));
        registry.blobs().put(layer, "condemned then pushed again".getBytes(StandardCharsets.UTF_8));
        repository.linkBlob(layer);
        assertThat(blobState(layer)).isEqualTo("live");
        assertThat(stored(layer)).isTrue();
        store.review(registry.blobs(), Duration.ofHours(1), 1000);
        assertThat(stored(layer)).isTrue();
    }

    @Test
    void aManifestNamingACondemnedBlobIsRefused() throws Exception {
        Repository repository = registry.repository("late");
        Digest config = blob(repository, "{\"os\":\"linux\"}");
        Digest layer = blob(repository, "late layer");
        sql("UPDATE blobs SET state = 'deleting' WHERE digest = ?", layer.toString());
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + IMAGE + "\",\"config\":" + descriptor("application/vnd.oci.image.config.v1+json", config, 15)
                + ",\"layers\":[" + descriptor("application/vnd.oci.image.layer.v1.tar", layer, 10) + "]}";
        assertThatThrownBy(() -> push(repository, "v1", json, IMAGE))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_BLOB_UNKNOWN));
        assertThat(repository.tags()).isEmpty();
    }

    @Test
    void aSweepDeletesOldObjectsTheDatabaseDoesNotHold() throws Exception {
        Repository repository = registry.repository("kept");
        image(repository, "v1", "live layer", null);
        byte[] orphan = "left by a crash".getBytes(StandardCharsets.UTF_8);
        Digest orphanDigest = Digest.sha256(orphan);
        driver.putContent(StorageLayout.blobData(orphanDigest), orphan);

        assertThat(store.sweepOrphans(registry.blobs(), Duration.ofHours(1)).objectsDeleted()).isZero();
        OnlineGcReport sweep = store.sweepOrphans(registry.blobs(), NOW);
        assertThat(sweep.objectsDeleted()).isEqualTo(1);
        assertThat(stored(orphanDigest)).isFalse();
        assertThat(stored(Digest.sha256("live layer".getBytes(StandardCharsets.UTF_8)))).isTrue();
    }
}
