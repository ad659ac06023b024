package dev.gantry.registry.metadata;

import dev.gantry.digest.Digest;
import dev.gantry.oci.Descriptor;
import dev.gantry.registry.storage.PathNotFoundException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link MetadataStore} must do: repositories in catalog order and pages, blob and
 * manifest links, tags, the referrers index with its pages, upload sessions with their saved
 * hash state. A store's test extends this class and makes a fresh, empty store.
 */
public abstract class MetadataStoreSuite {
    protected MetadataStore store;

    /**
     * A fresh, empty store for one test.
     *
     * @return the store
     * @throws Exception when it cannot be prepared
     */
    protected abstract MetadataStore newStore() throws Exception;

    @BeforeEach
    void makeStore() throws Exception {
        store = newStore();
    }

    private static Digest digest(String seed) {
        return Digest.sha256(seed.getBytes());
    }

    private static ManifestRecord manifest(String seed) {
        return new ManifestRecord(digest(seed), "application/vnd.oci.image.manifest.v1+json", null, null,
                List.of(new Descriptor("application/vnd.oci.image.config.v1+json", digest(seed + "-config"), 2, null, null, null, null, null)));
    }

    private static ManifestRecord referrer(String seed, Digest subject, String artifactType) {
        Digest d = digest(seed);
        Descriptor listed = new Descriptor("application/vnd.oci.image.manifest.v1+json", d, 100, null,
                Map.of("seed", seed), null, artifactType, null);
        return new ManifestRecord(d, listed.mediaType(), subject, listed, List.of());
    }

    // ---- repositories

    @Test
    void repositoriesAreListedInCatalogOrderAndPaged() throws Exception {
        assertThat(store.repositories(null, 100)).isEmpty();
        store.linkBlob("a-c", digest("1"));
        store.putManifest("a/b", manifest("m"), List.of());
        store.linkBlob("a", digest("2"));
        store.linkBlob("b/c/d", digest("3"));
        store.createUpload("uploads-only", "3f1c2f4e-4a5b-4c6d-8e9f-0a1b2c3d4e5f", Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(store.repositories(null, 100)).containsExactly("a", "a/b", "a-c", "b/c/d");
        assertThat(store.repositories(null, 2)).containsExactly("a", "a/b");
        assertThat(store.repositories("a/b", 2)).containsExactly("a-c", "b/c/d");
        assertThat(store.repositories("b/c/d", 2)).isEmpty();
        assertThat(store.repositoryExists("a/b")).isTrue();
        assertThat(store.repositoryExists("nope")).isFalse();
    }

    // ---- blob links

    @Test
    void blobLinksComeAndGo() throws Exception {
        Digest d = digest("blob");
        assertThat(store.blobLinked("r", d)).isFalse();
        store.linkBlob("r", d);
        store.linkBlob("r", d);
        assertThat(store.blobLinked("r", d)).isTrue();
        assertThat(store.blobLinked("other", d)).isFalse();
        assertThat(store.linkedBlobs("r")).containsExactly(d);
        assertThat(store.blobLinkedAt("r", d)).isNotNull();
        assertThat(store.unlinkBlob("r", d)).isTrue();
        assertThat(store.unlinkBlob("r", d)).isFalse();
        assertThat(store.blobLinked("r", d)).isFalse();
        assertThat(store.linkedBlobs("r")).isEmpty();
        assertThatThrownBy(() -> store.blobLinkedAt("r", d)).isInstanceOf(PathNotFoundException.class);
    }

    // ---- manifests and tags

    @Test
    void aManifestIsRecordedWithItsMediaTypeAndTags() throws Exception {
        ManifestRecord m = manifest("one");
        store.putManifest("r", m, List.of("v1", "latest"));
        assertThat(store.manifestLinked("r", m.digest())).isTrue();
        assertThat(store.manifestMediaType("r", m.digest())).hasValue(m.mediaType());
        assertThat(store.manifestMediaType("other", m.digest())).isEmpty();
        assertThat(store.manifests("r")).containsExactly(m.digest());
        assertThat(store.manifestLinkedAt("r", m.digest())).isNotNull();
        assertThat(store.tag("r", "v1")).hasValue(m.digest());
        assertThat(store.tag("r", "v2")).isEmpty();
        assertThat(store.tags("r")).containsExactly("latest", "v1");
        assertThat(store.tags("empty")).isEmpty();
    }

    @Test
    void aTagMovesToTheManifestPushedLast() throws Exception {
        store.putManifest("r", manifest("one"), List.of("v1"));
        store.putManifest("r", manifest("two"), List.of("v1"));
        assertThat(store.tag("r", "v1")).hasValue(digest("two"));
        assertThat(store.tags("r")).containsExactly("v1");
    }

    @Test
    void deletingATagKeepsTheManifest() throws Exception {
        store.putManifest("r", manifest("one"), List.of("v1"));
        assertThat(store.deleteTag("r", "v1")).isTrue();
        assertThat(store.deleteTag("r", "v1")).isFalse();
        assertThat(store.tags("r")).isEmpty();
        assertThat(store.manifestLinked("r", digest("one"))).isTrue();
    }

    @Test
    void deletingAManifestTakesItsTagsAndReferrerEntryButNoOthers() throws Exception {
        Digest subject = digest("subject");
        ManifestRecord sig = referrer("sig", subject, "application/example.signature");
        store.putManifest("r", manifest("keep"), List.of("stay"));
        store.putManifest("r", sig, List.of("a", "b"));
        assertThat(store.deleteManifest("r", sig.digest(), subject)).isTrue();
        assertThat(store.deleteManifest("r", sig.digest(), subject)).isFalse();
        assertThat(store.manifestLinked("r", sig.digest())).isFalse();
        assertThat(store.manifestMediaType("r", sig.digest())).isEmpty();
        assertThat(store.tags("r")).containsExactly("stay");
        assertThat(store.referrers("r", subject, null, null, 10).referrers()).isEmpty();
        assertThat(store.manifests("r")).containsExactly(digest("keep"));
    }

    // ---- referrers

    @Test
    void referrersAreListedByPageAndFilteredByArtifactType() throws Exception {
        Digest subject = digest("subject");
        List<Digest> pushed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ManifestRecord r = referrer("ref" + i, subject, i % 2 == 0 ? "type/even" : "type/odd");
            store.putManifest("r", r, List.of());
            pushed.add(r.digest());
        }
        store.putManifest("r", referrer("elsewhere", digest("other subject"), "type/even"), List.of());

        List<Digest> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ReferrersPage page = store.referrers("r", subject, null, cursor, 2);
            assertThat(page.referrers()).hasSizeLessThanOrEqualTo(2);
            page.referrers().forEach(d -> seen.add(d.digest()));
            cursor = page.next();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(pushed).doesNotHaveDuplicates();
        assertThat(pages).isEqualTo(3);

        ReferrersPage even = store.referrers("r", subject, "type/even", null, 100);
        assertThat(even.referrers()).hasSize(3).allSatisfy(d -> assertThat(d.artifactType()).isEqualTo("type/even"));
        assertThat(even.next()).isNull();
        Descriptor first = even.referrers().getFirst();
        assertThat(first.annotations()).containsKey("seed");
        assertThat(store.referrers("r", digest("nothing refers to this"), null, null, 10).referrers()).isEmpty();
        assertThat(store.referrers("other", subject, null, null, 10).referrers()).isEmpty();
    }

    // ---- upload sessions

    @Test
    void uploadSessionsKeepWhenTheyBeganAndTheirLatestHashState() throws Exception {
        String id = "0b5e8f6a-1c2d-4e3f-9a8b-7c6d5e4f3a2b";
        Instant began = Instant.parse("2026-03-04T05:06:07Z");
        assertThat(store.upload("r", id)).isEmpty();
        store.createUpload("r", id, began);
        UploadSession session = store.upload("r", id).orElseThrow();
        assertThat(session.startedAt()).isEqualTo(began);
        assertThat(session.hashState()).isEmpty();
        store.saveHashState("r", id, new byte[] {1, 2, 3});
        store.saveHashState("r", id, new byte[] {4, 5});
        assertThat(store.upload("r", id).orElseThrow().hashState()).hasValueSatisfying(state -> assertThat(state).containsExactly(4, 5));
        assertThat(store.uploads("r")).containsExactly(id);
        assertThat(store.uploads("other")).isEmpty();
        assertThat(store.deleteUpload("r", id)).isTrue();
        assertThat(store.deleteUpload("r", id)).isFalse();
        assertThat(store.upload("r", id)).isEmpty();
        assertThat(store.uploads("r")).isEmpty();
    }
}
