package dev.gantry.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.digest.Digest;
import dev.gantry.oci.Json;
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

import static org.assertj.core.api.Assertions.assertThat;

/** spec.md "Listing Referrers": an index of referrers, artifactType filter, subjects that do not exist yet. */
class ReferrersApiTest {
    @TempDir
    static Path dir;
    static TestRegistry registry;
    static final String REPO = "ref/test";
    static final byte[] SUBJECT = "{\"schemaVersion\":2,\"imaginary\":true}".getBytes(StandardCharsets.UTF_8);
    static Digest empty;
    static Digest sbom;
    static Digest signature;

    @BeforeAll
    static void start() throws Exception {
        registry = new TestRegistry(dir);
        empty = registry.pushBlob(REPO, "{}".getBytes(StandardCharsets.UTF_8));
        byte[] sbomManifest = artifact("application/vnd.example.sbom", "\"annotations\":{\"kind\":\"sbom\"}");
        byte[] sigManifest = artifact("application/vnd.example.sig", null);
        sbom = Digest.sha256(sbomManifest);
        signature = Digest.sha256(sigManifest);
        registry.putManifest(REPO, sbom.toString(), MediaTypes.OCI_MANIFEST, sbomManifest);
        registry.putManifest(REPO, signature.toString(), MediaTypes.OCI_MANIFEST, sigManifest);
    }

    static byte[] artifact(String artifactType, String annotations) {
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"artifactType\":\"" + artifactType + "\","
                + "\"config\":{\"mediaType\":\"" + MediaTypes.OCI_EMPTY + "\",\"digest\":\"" + empty + "\",\"size\":2},\"layers\":[],"
                + Manifests.subject(SUBJECT) + (annotations == null ? "" : "," + annotations) + "}").getBytes(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() throws Exception {
        registry.close();
    }

    @Test
    void listsEveryReferrerOfASubjectThatWasNeverPushed() throws Exception {
        HttpResponse<byte[]> r = registry.get("/v2/" + REPO + "/referrers/" + Digest.sha256(SUBJECT));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(MediaTypes.OCI_INDEX);
        assertThat(r.headers().firstValue("OCI-Filters-Applied")).isEmpty();
        JsonNode index = Json.tree(r.body(), "referrers");
        assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(index.path("manifests")).hasSize(2);
        JsonNode first = index.path("manifests").get(0).path("digest").asText().equals(sbom.toString())
                ? index.path("manifests").get(0) : index.path("manifests").get(1);
        assertThat(first.path("artifactType").asText()).isEqualTo("application/vnd.example.sbom");
        assertThat(first.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(first.path("annotations").path("kind").asText()).isEqualTo("sbom");
        assertThat(first.path("size").asLong()).isPositive();
    }

    @Test
    void artifactTypeFilterIsAppliedAndSaidSo() throws Exception {
        HttpResponse<byte[]> r = registry.get("/v2/" + REPO + "/referrers/" + Digest.sha256(SUBJECT) + "?artifactType=application/vnd.example.sig");
        assertThat(r.headers().firstValue("OCI-Filters-Applied")).hasValue("artifactType");
        JsonNode manifests = Json.tree(r.body(), "referrers").path("manifests");
        assertThat(manifests).hasSize(1);
        assertThat(manifests.get(0).path("digest").asText()).isEqualTo(signature.toString());
    }

    @Test
    void subjectWithoutReferrersGivesAnEmptyIndex() throws Exception {
        HttpResponse<byte[]> r = registry.get("/v2/" + REPO + "/referrers/" + Digest.sha256("lonely".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Json.tree(r.body(), "referrers").path("manifests")).isEmpty();
    }

    @Test
    void deletingAReferrerRemovesItFromTheList() throws Exception {
        byte[] extra = artifact("application/vnd.example.temp", null);
        Digest d = Digest.sha256(extra);
        registry.putManifest(REPO, d.toString(), MediaTypes.OCI_MANIFEST, extra);
        String url = "/v2/" + REPO + "/referrers/" + Digest.sha256(SUBJECT) + "?artifactType=application/vnd.example.temp";
        assertThat(Json.tree(registry.get(url).body(), "r").path("manifests")).hasSize(1);
        registry.delete("/v2/" + REPO + "/manifests/" + d);
        assertThat(Json.tree(registry.get(url).body(), "r").path("manifests")).isEmpty();
    }

    @Test
    void manyReferrersArePagedWithALinkThatKeepsTheFilter() throws Exception {
        String repo = "refs/paged";
        registry.pushBlob(repo, "{}".getBytes(StandardCharsets.UTF_8));
        java.util.Set<String> pushed = new java.util.TreeSet<>();
        for (int i = 0; i < 3; i++) {
            byte[] manifest = artifact("application/vnd.example.page", "\"annotations\":{\"i\":\"" + i + "\"}");
            registry.putManifest(repo, Digest.sha256(manifest).toString(), MediaTypes.OCI_MANIFEST, manifest);
            pushed.add(Digest.sha256(manifest).toString());
        }
        java.util.Set<String> seen = new java.util.TreeSet<>();
        String next = "/v2/" + repo + "/referrers/" + Digest.sha256(SUBJECT) + "?n=2&artifactType=application/vnd.example.page";
        int pages = 0;
        while (next != null) {
            HttpResponse<byte[]> r = registry.get(next);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("OCI-Filters-Applied")).hasValue("artifactType");
            for (JsonNode m : Json.tree(r.body(), "page").path("manifests")) {
                assertThat(seen.add(m.path("digest").asText())).isTrue();
            }
            next = r.headers().firstValue("Link").map(link -> link.substring(1, link.indexOf('>'))).orElse(null);
            if (next != null) {
                assertThat(next).contains("artifactType=application%2Fvnd.example.page");
            }
            pages++;
        }
        assertThat(pages).isEqualTo(2);
        assertThat(seen).isEqualTo(pushed);
    }

    @Test
    void invalidDigestIs400() throws Exception {
        assertThat(registry.get("/v2/" + REPO + "/referrers/latest").statusCode()).isEqualTo(400);
    }
}
