package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testing.DockerRegistry;
import dev.gantry.testing.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code referrers} and {@code copy --referrers} against docker-registry, which has no referrers
 * API: Gantry keeps and reads the {@code sha256-<hex>} fallback tag.
 */
class ReferrersCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SBOM = "application/vnd.example.sbom";

    @TempDir
    static Path shared;
    static DockerRegistry registry;
    static String image;
    static String imageDigest;
    static String sbomDigest;

    @BeforeAll
    static void pushImageAndSbom() throws IOException {
        registry = DockerRegistry.start(shared);
        image = registry.host() + "/refs/app";
        CliRun push = ok("push", "--insecure", "--json", "oci:" + Fixtures.umociLayout(shared) + ":" + Fixtures.TAG, image + ":v1");
        JsonNode pushed = JSON.readTree(push.stdout());
        imageDigest = pushed.path("digest").asText();
        Path artifact = sbomLayout(shared.resolve("sbom"), pushed);
        ok("push", "--insecure", "oci:" + artifact + ":sbom", image + ":sbom");
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void listsTheReferrersOfATaggedImageFilteredByArtifactType() throws IOException {
        JsonNode all = JSON.readTree(ok("referrers", "--insecure", "--json", image + ":v1").stdout());
        assertThat(all).singleElement().satisfies(d -> {
            assertThat(d.path("digest").asText()).isEqualTo(sbomDigest);
            assertThat(d.path("artifactType").asText()).isEqualTo(SBOM);
            assertThat(d.path("annotations").path("org.example.kind").asText()).isEqualTo("sbom");
        });
        assertThat(ok("referrers", "--insecure", image + "@" + imageDigest).stdout()).contains(sbomDigest, SBOM);
        assertThat(JSON.readTree(ok("referrers", "--insecure", "--json", "--artifact-type", "application/other", image + ":v1")
                .stdout())).isEmpty();
    }

    @Test
    void copyWithReferrersBringsTheSbomToAnotherRepositoryAndToALayout(@TempDir Path out) throws IOException {
        String copy = registry.host() + "/refs/copy";
        CliRun run = ok("copy", "--insecure", "--referrers", "--json", "docker://" + image + ":v1", "docker://" + copy + ":v1");
        assertThat(JSON.readTree(run.stdout()).path("referrersCopied").asInt()).isEqualTo(1);
        assertThat(ok("referrers", "--insecure", copy + ":v1").stdout()).contains(sbomDigest);

        Path layout = out.resolve("layout");
        ok("pull", "--insecure", "-r", image + ":v1", "oci:" + layout + ":v1");
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        assertThat(index.path("manifests").findValuesAsText("digest")).containsExactlyInAnyOrder(imageDigest, sbomDigest);
        assertThat(Fixtures.blob(layout, sbomDigest)).exists();
        JsonNode inLayout = JSON.readTree(ok("referrers", "--json", "oci:" + layout + ":v1").stdout());
        assertThat(inLayout.findValuesAsText("digest")).containsExactly(sbomDigest);
        assertThat(inLayout.path(0).path("artifactType").asText()).isEqualTo(SBOM);
        assertThat(ok("referrers", "oci:" + layout + "@" + imageDigest).stdout()).contains(sbomDigest, SBOM);
        assertThat(JSON.readTree(ok("referrers", "--json", "oci:" + layout + "@" + sbomDigest).stdout())).isEmpty();

        CliRun without = ok("copy", "--insecure", "--json", "docker://" + image + ":v1", "docker://" + registry.host() + "/refs/bare:v1");
        assertThat(JSON.readTree(without.stdout()).path("referrersCopied").asInt()).isZero();
        assertThat(JSON.readTree(ok("referrers", "--insecure", "--json", registry.host() + "/refs/bare:v1").stdout())).isEmpty();
    }

    /** An OCI layout holding one artifact manifest (empty config and layer) whose subject is the pushed image. */
    private static Path sbomLayout(Path dir, JsonNode pushed) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        String emptyDigest = Fixtures.store(dir, empty);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"artifactType\":\"" + SBOM + "\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\","
                + "\"digest\":\"" + emptyDigest + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/vnd.oci.empty.v1+json\","
                + "\"digest\":\"" + emptyDigest + "\",\"size\":2}],\"subject\":{\"mediaType\":\"" + pushed.path("mediaType").asText()
                + "\",\"digest\":\"" + pushed.path("digest").asText() + "\",\"size\":" + pushed.path("size").asLong() + "},"
                + "\"annotations\":{\"org.example.kind\":\"sbom\"}}").getBytes(StandardCharsets.UTF_8);
        sbomDigest = Fixtures.store(dir, manifest);
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + sbomDigest + "\",\"size\":" + manifest.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"sbom\"}}]}");
        return dir;
    }

    private static CliRun ok(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return run;
    }
}
