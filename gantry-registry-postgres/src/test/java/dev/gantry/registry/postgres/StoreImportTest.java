package dev.gantry.registry.postgres;

import dev.gantry.digest.Digest;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Manifests;
import dev.gantry.oci.ParsedManifest;
import dev.gantry.registry.content.Registry;
import dev.gantry.registry.content.Repository;
import dev.gantry.registry.content.StorageLayout;
import dev.gantry.registry.content.StoredManifest;
import dev.gantry.registry.metadata.DatabaseConfig;
import dev.gantry.registry.metadata.LocalUploadSlots;
import dev.gantry.registry.migrate.StoreImport;
import dev.gantry.registry.storage.FileSystemDriver;
import dev.gantry.registry.storage.StorageConfig;
import dev.gantry.testing.DockerRegistry;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import dev.gantry.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gantry serve migrate}'s engine: a Gantry store and a docker-registry (distribution) store
 * imported into the file-system driver with PostgreSQL, every blob verified, a bad one reported on
 * its own line and left out, and a second run skipping what the first did.
 */
class StoreImportTest {
    private static final String IMAGE = "application/vnd.oci.image.manifest.v1+json";
    private static PostgresCluster cluster;

    @TempDir
    Path dir;

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

    private DatabaseConfig database() throws Exception {
        return new DatabaseConfig(cluster.jdbcUrl(cluster.createDatabase()), PostgresCluster.USER, null);
    }

    private static Digest blob(Registry registry, Repository repository, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(bytes);
        registry.blobs().put(digest, bytes);
        repository.linkBlob(digest);
        return digest;
    }

    private static String descriptor(String mediaType, Digest digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    private static Digest image(Registry registry, Repository repository, String reference, String layer) throws Exception {
        Digest config = blob(registry, repository, "{\"os\":\"linux\"}");
        Digest data = blob(registry, repository, layer);
        byte[] raw = ("{\"schemaVersion\":2,\"mediaType\":\"" + IMAGE + "\",\"config\":" + descriptor("application/vnd.oci.image.config.v1+json", config, 15)
                + ",\"layers\":[" + descriptor("application/vnd.oci.image.layer.v1.tar", data, layer.length()) + "]}").getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(raw);
        repository.putManifest(reference == null ? digest.toString() : reference, raw, IMAGE, List.of());
        return digest;
    }

    /** The target as gantry serve would see it, over a second store on the same database. */
    private static void withTarget(Path data, DatabaseConfig database, TargetCheck check) throws Exception {
        try (PostgresMetadataStore store = (PostgresMetadataStore) new PostgresMetadataStoreProvider().open(database)) {
            check.run(new Registry(new FileSystemDriver(data), store, max -> new LocalUploadSlots(max, Clock.systemUTC())));
        }
    }

    @FunctionalInterface
    private interface TargetCheck {
        void run(Registry registry) throws Exception;
    }

    /** Every blob the manifest names is served by the target, and hashes to its digest. */
    private static void assertWhole(Registry registry, Repository repository, StoredManifest manifest) throws Exception {
        ParsedManifest parsed = Manifests.parse(manifest.content(), manifest.mediaType(), "manifest");
        List<Descriptor> blobs = new ArrayList<>(parsed.manifest().layers());
        blobs.add(parsed.manifest().config());
        for (Descriptor d : blobs) {
            assertThat(repository.hasBlob(d.digest())).as(d.digest().toString()).isTrue();
            assertThat(Digest.sha256(registry.blobs().read(d.digest(), 64 << 20))).isEqualTo(d.digest());
        }
    }

    @Test
    void importsAGantryStoreReportingABadBlobOnItsOwnLineAndResumes() throws Exception {
        Path from = dir.resolve("gantry-store");
        Registry source = new Registry(new FileSystemDriver(from));
        Repository app = source.repository("team/app");
        Digest tagged = image(source, app, "v1", "app layer");
        Digest untagged = image(source, app, null, "older layer");
        Repository broken = source.repository("broken");
        Digest rotten = blob(source, broken, "bytes that will rot");
        Files.writeString(from.resolve(StorageLayout.blobData(rotten).substring(1)), "bytes that rotted");

        DatabaseConfig database = database();
        Path data = dir.resolve("target");
        StringWriter problems = new StringWriter();
        StoreImport.Report first = StoreImport.run(from, StorageConfig.filesystem(data), database, new PrintWriter(problems));

        assertThat(first.layout()).isEqualTo("gantry");
        assertThat(first.repositories()).isEqualTo(2);
        assertThat(first.manifestsImported()).isEqualTo(2);
        assertThat(first.failures()).isEqualTo(1);
        assertThat(problems.toString().lines().toList()).singleElement().asString()
                .startsWith("broken: blob " + rotten).contains("hashes to " + Digest.sha256("bytes that rotted".getBytes(StandardCharsets.UTF_8)));
        withTarget(data, database, registry -> {
            Repository imported = registry.repository("team/app");
            StoredManifest v1 = imported.manifest("v1");
            assertThat(v1.digest()).isEqualTo(tagged);
            assertWhole(registry, imported, v1);
            assertThat(imported.hasManifest(untagged)).isTrue();
            assertThat(imported.tags()).containsExactly("v1");
            assertThat(registry.blobs().exists(rotten)).isFalse();
        });

        StringWriter again = new StringWriter();
        StoreImport.Report second = StoreImport.run(from, StorageConfig.filesystem(data), database, new PrintWriter(again));
        assertThat(second.blobsCopied()).isZero();
        assertThat(second.blobsPresent()).isEqualTo(3); // the config (shared), two layers
        assertThat(second.manifestsImported()).isZero();
        assertThat(second.manifestsPresent()).isEqualTo(2);
        assertThat(second.failures()).isEqualTo(1);
    }

    @Test
    void importsADockerRegistryStore() throws Exception {
        PeerTools.assumeInstalled("docker-registry", "skopeo", "umoci");
        Path layout = Fixtures.umociLayout(dir);
        String pushed;
        Path from;
        try (DockerRegistry peer = DockerRegistry.start(dir.resolve("peer"))) {
            String ref = "docker://" + peer.host() + "/dist/app";
            Fixtures.skopeo(dir, "copy", "--dest-tls-verify=false", "oci:" + layout + ":" + Fixtures.TAG, ref + ":v1");
            Fixtures.skopeo(dir, "copy", "--dest-tls-verify=false", "oci:" + layout + ":" + Fixtures.TAG, ref + ":v2");
            pushed = Fixtures.skopeo(dir, "inspect", "--tls-verify=false", "--format", "{{.Digest}}", ref + ":v1").stdout().strip();
            from = dir.resolve("peer/registry-storage");
        }
        DatabaseConfig database = database();
        Path data = dir.resolve("target");
        StringWriter problems = new StringWriter();
        StoreImport.Report report = StoreImport.run(from, StorageConfig.filesystem(data), database, new PrintWriter(problems));

        assertThat(problems.toString()).isEmpty();
        assertThat(report.layout()).isEqualTo("distribution");
        assertThat(report.failures()).isZero();
        assertThat(report.manifestsImported()).isEqualTo(1);
        withTarget(data, database, registry -> {
            Repository imported = registry.repository("dist/app");
            assertThat(imported.tags()).containsExactly("v1", "v2");
            StoredManifest v1 = imported.manifest("v1");
            assertThat(v1.digest()).hasToString(pushed);
            assertWhole(registry, imported, v1);
        });
    }
}
