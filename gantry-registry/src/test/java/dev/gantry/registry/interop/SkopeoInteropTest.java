package dev.gantry.registry.interop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.oci.Json;
import dev.gantry.registry.testing.TestRegistry;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * skopeo (containers/image, the client podman and buildah share) pushes to and pulls from the
 * registry: images made by umoci, a two-platform index with --all, Docker schema2 with
 * --format v2s2. Skipped, saying which package to install, when skopeo or umoci is missing.
 */
class SkopeoInteropTest {
    @TempDir
    static Path dir;
    static TestRegistry registry;
    static Path layout;

    @BeforeAll
    static void start() throws Exception {
        PeerTools.assumeInstalled("skopeo", "umoci");
        registry = new TestRegistry(dir.resolve("data"));
        layout = Fixtures.umociLayout(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private String remote(String repoAndTag) {
        return "docker://" + registry.hostPort() + "/" + repoAndTag;
    }

    @Test
    void pushThenPullGivesTheSameManifestDigest() throws Exception {
        Fixtures.skopeo(dir, "copy", "--dest-tls-verify=false", "oci:" + layout + ":" + Fixtures.TAG, remote("interop/umoci:v1"));
        Path pulled = dir.resolve("pulled");
        Fixtures.skopeo(dir, "copy", "--src-tls-verify=false", remote("interop/umoci:v1"), "oci:" + pulled + ":back");
        String original = Fixtures.skopeo(dir, "manifest-digest", manifestFile(layout)).stdout().strip();
        String roundTrip = Fixtures.skopeo(dir, "manifest-digest", manifestFile(pulled)).stdout().strip();
        assertThat(roundTrip).isEqualTo(original);
        JsonNode inspect = Json.tree(Fixtures.skopeo(dir, "inspect", "--tls-verify=false", remote("interop/umoci:v1"))
                .stdout().getBytes(StandardCharsets.UTF_8), "skopeo inspect");
        assertThat(inspect.path("Digest").asText()).isEqualTo(original);
        assertThat(inspect.path("Layers")).hasSize(2);
        String tags = Fixtures.skopeo(dir, "list-tags", "--tls-verify=false", remote("interop/umoci")).stdout();
        assertThat(tags).contains("\"v1\"");
    }

    @Test
    void multiPlatformIndexCopiesWithAll() throws Exception {
        Path multi = Fixtures.multiPlatformLayout(dir, layout, false);
        Fixtures.skopeo(dir, "copy", "--all", "--dest-tls-verify=false", "oci:" + multi + ":" + Fixtures.MULTI_TAG, remote("interop/multi:idx"));
        Path pulled = dir.resolve("pulled-multi");
        Fixtures.skopeo(dir, "copy", "--all", "--src-tls-verify=false", remote("interop/multi:idx"), "oci:" + pulled + ":idx");
        JsonNode index = Json.tree(Files.readAllBytes(pulled.resolve("index.json")), "index.json");
        String digest = index.path("manifests").get(0).path("digest").asText();
        JsonNode pulledIndex = Json.tree(Files.readAllBytes(Fixtures.blob(pulled, digest)), "pulled index");
        assertThat(pulledIndex.path("manifests")).hasSize(2);
    }

    @Test
    void dockerSchema2PushIsServedWithItsType() throws Exception {
        Fixtures.skopeo(dir, "copy", "--format", "v2s2", "--dest-tls-verify=false", "oci:" + layout + ":" + Fixtures.TAG, remote("interop/docker:v2s2"));
        String raw = Fixtures.skopeo(dir, "inspect", "--raw", "--tls-verify=false", remote("interop/docker:v2s2")).stdout();
        assertThat(Json.tree(raw.getBytes(StandardCharsets.UTF_8), "raw").path("mediaType").asText())
                .isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
    }

    /** The manifest blob a layout's only tag points at. */
    private static String manifestFile(Path layoutDir) throws Exception {
        JsonNode index = Json.tree(Files.readAllBytes(layoutDir.resolve("index.json")), "index.json");
        return Fixtures.blob(layoutDir, index.path("manifests").get(0).path("digest").asText()).toString();
    }
}
