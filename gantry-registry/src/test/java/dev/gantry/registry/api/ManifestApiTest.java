package dev.gantry.registry.api;

import dev.gantry.digest.Digest;
import dev.gantry.digest.DigestAlgorithm;
import dev.gantry.oci.MediaTypes;
import dev.gantry.registry.testing.Manifests;
import dev.gantry.registry.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static dev.gantry.registry.testing.TestRegistry.text;
import static org.assertj.core.api.Assertions.assertThat;

/** spec.md "Pushing manifests", "Pulling manifests", "Deleting manifests/tags". */
class ManifestApiTest {
    @TempDir
    static Path dir;
    static TestRegistry registry;
    static final String REPO = "man/test";
    static final byte[] CONFIG = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    static final byte[] LAYER = "layer bytes".getBytes(StandardCharsets.UTF_8);
    static Digest config;
    static Digest layer;

    @BeforeAll
    static void start() throws Exception {
        registry = new TestRegistry(dir);
        config = registry.pushBlob(REPO, CONFIG);
        layer = registry.pushBlob(REPO, LAYER);
    }

    @AfterAll
    static void stop() throws Exception {
        registry.close();
    }

    static byte[] ociImage(String extra) {
        return Manifests.image(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG, config, CONFIG.length, layer, LAYER.length, extra);
    }

    @Test
    void putByTagIs201AndGetByTagAndDigestReturnsTheExactBytes() throws Exception {
        byte[] manifest = ociImage(null);
        Digest digest = Digest.sha256(manifest);
        HttpResponse<byte[]> put = registry.putManifest(REPO, "v1", MediaTypes.OCI_MANIFEST, manifest);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
        assertThat(put.headers().firstValue("Location")).hasValue("/v2/" + REPO + "/manifests/" + digest);
        for (String ref : new String[] {"v1", digest.toString()}) {
            HttpResponse<byte[]> get = registry.get("/v2/" + REPO + "/manifests/" + ref);
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).isEqualTo(manifest);
            assertThat(get.headers().firstValue("Content-Type")).hasValue(MediaTypes.OCI_MANIFEST);
            assertThat(get.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
        }
        HttpResponse<byte[]> head = registry.head("/v2/" + REPO + "/manifests/v1");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(manifest.length));
    }

    @Test
    void dockerSchema2KeepsItsContentType() throws Exception {
        Digest dockerConfig = registry.pushBlob(REPO, "{\"os\":\"linux\",\"architecture\":\"arm64\"}".getBytes(StandardCharsets.UTF_8));
        byte[] manifest = Manifests.image(MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_CONFIG, dockerConfig, 37, layer, LAYER.length, null);
        assertThat(registry.putManifest(REPO, "docker", MediaTypes.DOCKER_MANIFEST, manifest).statusCode()).isEqualTo(201);
        assertThat(registry.get("/v2/" + REPO + "/manifests/docker").headers().firstValue("Content-Type")).hasValue(MediaTypes.DOCKER_MANIFEST);
    }

    @Test
    void putByDigestChecksTheDigestAndAppliesTagParameters() throws Exception {
        byte[] manifest = ociImage("\"annotations\":{\"k\":\"by-digest\"}");
        Digest digest = Digest.sha256(manifest);
        HttpResponse<byte[]> put = registry.putManifest(REPO, digest + "?tag=a&tag=b", MediaTypes.OCI_MANIFEST, manifest);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(put.headers().allValues("OCI-Tag")).containsExactly("a", "b");
        assertThat(registry.get("/v2/" + REPO + "/manifests/a").body()).isEqualTo(manifest);
        assertThat(registry.get("/v2/" + REPO + "/manifests/b").body()).isEqualTo(manifest);
        Digest wrong = Digest.sha256("not it".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> mismatch = registry.putManifest(REPO, wrong.toString(), MediaTypes.OCI_MANIFEST, manifest);
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(text(mismatch)).contains("DIGEST_INVALID");
    }

    @Test
    void sha512ManifestDigestsWork() throws Exception {
        byte[] manifest = ociImage("\"annotations\":{\"k\":\"sha512\"}");
        Digest digest = Digest.of(DigestAlgorithm.SHA512, manifest);
        assertThat(registry.putManifest(REPO, digest.toString(), MediaTypes.OCI_MANIFEST, manifest).statusCode()).isEqualTo(201);
        HttpResponse<byte[]> get = registry.get("/v2/" + REPO + "/manifests/" + digest);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
    }

    @Test
    void missingConfigOrLayersAre400ManifestBlobUnknownNamingEach() throws Exception {
        Digest ghost1 = Digest.sha256("ghost config".getBytes(StandardCharsets.UTF_8));
        Digest ghost2 = Digest.sha256("ghost layer".getBytes(StandardCharsets.UTF_8));
        byte[] manifest = Manifests.image(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG, ghost1, 1, ghost2, 1, null);
        HttpResponse<byte[]> r = registry.putManifest(REPO, "ghost", MediaTypes.OCI_MANIFEST, manifest);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(text(r)).contains("MANIFEST_BLOB_UNKNOWN").contains(ghost1.toString()).contains(ghost2.toString());
        assertThat(registry.get("/v2/" + REPO + "/manifests/ghost").statusCode()).isEqualTo(404);
    }

    @Test
    void blobsOfAnotherRepositoryDoNotCount() throws Exception {
        byte[] manifest = ociImage(null);
        HttpResponse<byte[]> r = registry.putManifest("man/elsewhere", "v1", MediaTypes.OCI_MANIFEST, manifest);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(text(r)).contains("MANIFEST_BLOB_UNKNOWN");
    }

    @Test
    void nonDistributableLayerWithUrlsNeedNotBePushed() throws Exception {
        Digest foreign = Digest.sha256("foreign".getBytes(StandardCharsets.UTF_8));
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + config + "\",\"size\":" + CONFIG.length + "},\"layers\":[{\"mediaType\":\""
                + MediaTypes.OCI_LAYER_NONDIST_GZIP + "\",\"digest\":\"" + foreign + "\",\"size\":7,\"urls\":[\"https://example.com/l\"]}]}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(registry.putManifest(REPO, "foreign", MediaTypes.OCI_MANIFEST, manifest).statusCode()).isEqualTo(201);
    }

    @Test
    void indexOfIndexesNeedsItsChildrenFirst() throws Exception {
        byte[] image = ociImage("\"annotations\":{\"k\":\"child\"}");
        registry.putManifest(REPO, Digest.sha256(image).toString(), MediaTypes.OCI_MANIFEST, image);
        byte[] inner = Manifests.index(MediaTypes.OCI_INDEX, Manifests.descriptor(MediaTypes.OCI_MANIFEST, image));
        byte[] outer = Manifests.index(MediaTypes.OCI_INDEX, Manifests.descriptor(MediaTypes.OCI_INDEX, inner));
        HttpResponse<byte[]> early = registry.putManifest(REPO, "nested", MediaTypes.OCI_INDEX, outer);
        assertThat(early.statusCode()).isEqualTo(400);
        assertThat(text(early)).contains("MANIFEST_BLOB_UNKNOWN").contains(Digest.sha256(inner).toString());
        assertThat(registry.putManifest(REPO, Digest.sha256(inner).toString(), MediaTypes.OCI_INDEX, inner).statusCode()).isEqualTo(201);
        assertThat(registry.putManifest(REPO, "nested", MediaTypes.OCI_INDEX, outer).statusCode()).isEqualTo(201);
        HttpResponse<byte[]> get = registry.get("/v2/" + REPO + "/manifests/nested");
        assertThat(get.headers().firstValue("Content-Type")).hasValue(MediaTypes.OCI_INDEX);
        assertThat(get.body()).isEqualTo(outer);
    }

    @Test
    void invalidManifestsAre400ManifestInvalid() throws Exception {
        for (byte[] bad : new byte[][] {"not json".getBytes(StandardCharsets.UTF_8),
                "{\"schemaVersion\":1,\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}".getBytes(StandardCharsets.UTF_8)}) {
            HttpResponse<byte[]> r = registry.putManifest(REPO, "bad", MediaTypes.OCI_MANIFEST, bad);
            assertThat(r.statusCode()).as(new String(bad, StandardCharsets.UTF_8)).isEqualTo(400);
            assertThat(text(r)).contains("MANIFEST_INVALID");
        }
    }

    @Test
    void contentTypeThatDisagreesWithTheDocumentIsManifestInvalid() throws Exception {
        HttpResponse<byte[]> r = registry.putManifest(REPO, "mismatch", MediaTypes.DOCKER_MANIFEST, ociImage(null));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(text(r)).contains("MANIFEST_INVALID");
    }

    /** CVE-2021-41190: an image manifest's Content-Type over a body that is also an index. */
    @Test
    void manifestWithBothLayersAndManifestsIs400ManifestInvalidNamingTheFields() throws Exception {
        byte[] child = ociImage(null);
        assertThat(registry.putManifest(REPO, Digest.sha256(child).toString(), MediaTypes.OCI_MANIFEST, child).statusCode())
                .isEqualTo(201);
        byte[] ambiguous = ociImage("\"manifests\":[" + Manifests.descriptor(MediaTypes.OCI_MANIFEST, child) + "]");
        HttpResponse<byte[]> r = registry.putManifest(REPO, "ambiguous", MediaTypes.OCI_MANIFEST, ambiguous);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(text(r)).contains("MANIFEST_INVALID").contains("ambiguous").contains("\\\"manifests\\\"")
                .contains("\\\"layers\\\"");
        assertThat(registry.get("/v2/" + REPO + "/manifests/ambiguous").statusCode()).isEqualTo(404);
        assertThat(registry.get("/v2/" + REPO + "/manifests/" + Digest.sha256(ambiguous)).statusCode()).isEqualTo(404);
    }

    @Test
    void indexWithLayersOrADuplicateKeyIs400ManifestInvalid() throws Exception {
        byte[] child = ociImage(null);
        registry.putManifest(REPO, Digest.sha256(child).toString(), MediaTypes.OCI_MANIFEST, child);
        String descriptor = Manifests.descriptor(MediaTypes.OCI_MANIFEST, child);
        byte[] withLayers = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                + descriptor + "],\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
        byte[] duplicate = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[],"
                + "\"manifests\":[" + descriptor + "]}").getBytes(StandardCharsets.UTF_8);
        for (byte[] bad : new byte[][] {withLayers, duplicate}) {
            HttpResponse<byte[]> r = registry.putManifest(REPO, "bad-index", MediaTypes.OCI_INDEX, bad);
            assertThat(r.statusCode()).as(new String(bad, StandardCharsets.UTF_8)).isEqualTo(400);
            assertThat(text(r)).contains("MANIFEST_INVALID").contains("manifests");
        }
    }

    @Test
    void manifestOver4MiBIs413() throws Exception {
        byte[] huge = new byte[(4 << 20) + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        HttpResponse<byte[]> r = registry.putManifest(REPO, "huge", MediaTypes.OCI_MANIFEST, huge);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(text(r)).contains("MANIFEST_INVALID");
        // The refused body was drained, not left on the wire: the 413 always reaches the client
        // (a close with unread bytes resets the connection) and the next request works.
        assertThat(registry.putManifest(REPO, "after-huge", MediaTypes.OCI_MANIFEST, ociImage(null)).statusCode())
                .isEqualTo(201);
    }

    @Test
    void unknownManifestIs404ManifestUnknown() throws Exception {
        HttpResponse<byte[]> r = registry.get("/v2/" + REPO + "/manifests/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(text(r)).contains("MANIFEST_UNKNOWN");
    }

    @Test
    void invalidTagIs400() throws Exception {
        HttpResponse<byte[]> r = registry.putManifest(REPO, "-bad", MediaTypes.OCI_MANIFEST, ociImage(null));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(text(r)).contains("TAG_INVALID");
    }

    @Test
    void deleteTagKeepsTheManifestDeleteByDigestRemovesItAndItsTags() throws Exception {
        byte[] manifest = ociImage("\"annotations\":{\"k\":\"delete\"}");
        Digest digest = Digest.sha256(manifest);
        registry.putManifest(REPO, "del1", MediaTypes.OCI_MANIFEST, manifest);
        registry.putManifest(REPO, "del2", MediaTypes.OCI_MANIFEST, manifest);
        assertThat(registry.delete("/v2/" + REPO + "/manifests/del1").statusCode()).isEqualTo(202);
        assertThat(registry.get("/v2/" + REPO + "/manifests/del1").statusCode()).isEqualTo(404);
        assertThat(registry.get("/v2/" + REPO + "/manifests/" + digest).statusCode()).isEqualTo(200);
        assertThat(registry.delete("/v2/" + REPO + "/manifests/" + digest).statusCode()).isEqualTo(202);
        assertThat(registry.get("/v2/" + REPO + "/manifests/" + digest).statusCode()).isEqualTo(404);
        assertThat(registry.get("/v2/" + REPO + "/manifests/del2").statusCode()).isEqualTo(404);
        assertThat(registry.delete("/v2/" + REPO + "/manifests/" + digest).statusCode()).isEqualTo(404);
    }

    @Test
    void manifestWithSubjectAnswersOciSubject() throws Exception {
        byte[] absent = "{\"not\":\"pushed\"}".getBytes(StandardCharsets.UTF_8);
        byte[] manifest = ociImage(Manifests.subject(absent));
        HttpResponse<byte[]> r = registry.putManifest(REPO, Digest.sha256(manifest).toString(), MediaTypes.OCI_MANIFEST, manifest);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("OCI-Subject")).hasValue(Digest.sha256(absent).toString());
    }

    @Test
    void invalidRepositoryNameIs400NameInvalid() throws Exception {
        HttpResponse<byte[]> r = registry.get("/v2/Upper/Case/manifests/v1");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(text(r)).contains("NAME_INVALID");
        assertThat(registry.get("/v2/a..b/tags/list").statusCode()).isEqualTo(400);
        assertThat(registry.send("POST", "/v2/-x/blobs/uploads/", null, Map.of()).statusCode()).isEqualTo(400);
    }
}
