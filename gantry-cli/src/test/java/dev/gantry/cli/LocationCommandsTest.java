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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Day one for a skopeo/crane user: dir: through the CLI, which platform a copy of an index took,
 * {@code gantry blob}, and {@code --creds} against docker-registry with Basic auth.
 */
class LocationCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Path umoci;
    static Path multi;
    static DockerRegistry registry;
    static DockerRegistry authRegistry;

    @BeforeAll
    static void start() throws IOException {
        umoci = Fixtures.umociLayout(shared);
        multi = Fixtures.multiPlatformLayout(shared, umoci, false);
        registry = DockerRegistry.start(Files.createDirectories(shared.resolve("open")));
        authRegistry = DockerRegistry.start(Files.createDirectories(shared.resolve("auth")), true);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (authRegistry != null) {
            authRegistry.close();
        }
    }

    private static CliRun ok(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return run;
    }

    private static String image() {
        return "oci:" + umoci + ":" + Fixtures.TAG;
    }

    // ---- which platform a copy of an index took

    @Test
    void copyOfAnIndexWithoutAllSaysWhichPlatformItTook(@TempDir Path out) throws Exception {
        CliRun copy = ok("copy", "--platform", "linux/amd64", "oci:" + multi + ":" + Fixtures.MULTI_TAG, "oci:" + out.resolve("one") + ":one");
        assertThat(copy.stderr()).contains("copied linux/amd64 of the index (2 platforms; --all copies every one)");

        JsonNode json = JSON.readTree(ok("copy", "--json", "--platform", "linux/arm64",
                "oci:" + multi + ":" + Fixtures.MULTI_TAG, "oci:" + out.resolve("two") + ":two").stdout());
        assertThat(json.path("platform").asText()).isEqualTo("linux/arm64/v8");
        assertThat(json.path("platformsInSource").asInt()).isEqualTo(2);
    }

    @Test
    void copyOfAWholeIndexOrOfOneImageNamesNoPlatform(@TempDir Path out) throws Exception {
        CliRun all = ok("copy", "--all", "oci:" + multi + ":" + Fixtures.MULTI_TAG, "oci:" + out.resolve("all") + ":all");
        assertThat(all.stderr()).doesNotContain("of the index");
        JsonNode json = JSON.readTree(ok("copy", "--json", image(), "oci:" + out.resolve("one") + ":one").stdout());
        assertThat(json.has("platform")).isFalse();
        assertThat(json.has("platformsInSource")).isFalse();
    }

    // ---- dir:

    @Test
    void copiesToAndFromDirLikeSkopeo(@TempDir Path out) throws Exception {
        String digest = JSON.readTree(ok("copy", "--json", image(), "dir:" + out.resolve("d")).stdout()).path("digest").asText();
        assertThat(JSON.readTree(Fixtures.skopeo(out, "inspect", "dir:" + out.resolve("d")).stdout()).path("Digest").asText())
                .isEqualTo(digest);
        assertThat(ok("digest", out.resolve("d").toString()).stdout().strip()).isEqualTo(digest);
        ok("copy", "dir:" + out.resolve("d"), "oci:" + out.resolve("o") + ":o");
        Fixtures.umoci(out, "stat", "--image", out.resolve("o") + ":o");
    }

    // ---- blob

    @Test
    void blobStreamsTheConfigAndLayersOfALayout(@TempDir Path out) throws Exception {
        JsonNode manifest = JSON.readTree(ok("manifest", image()).stdout());
        String config = manifest.path("config").path("digest").asText();
        CliRun configRun = ok("blob", image(), config);
        assertThat(Fixtures.sha256(configRun.stdoutBytes())).isEqualTo(config);
        for (JsonNode layer : manifest.path("layers")) {
            String digest = layer.path("digest").asText();
            assertThat(Fixtures.sha256(ok("blob", image(), digest).stdoutBytes())).isEqualTo(digest);
        }

        Path file = out.resolve("sub/config.json");
        JsonNode result = JSON.readTree(ok("blob", "--json", "-o", file.toString(), image(), config).stdout());
        assertThat(Fixtures.sha256(file)).isEqualTo(config);
        assertThat(result.path("size").asLong()).isEqualTo(Files.size(file));
    }

    @Test
    void blobOfAnotherPlatformIsFoundThroughTheIndex() throws Exception {
        String ref = "oci:" + multi + ":" + Fixtures.MULTI_TAG;
        String armConfig = JSON.readTree(ok("manifest", "--platform", "linux/arm64", ref).stdout()).path("config").path("digest").asText();
        assertThat(Fixtures.sha256(ok("blob", ref, armConfig).stdoutBytes())).isEqualTo(armConfig);
    }

    @Test
    void blobThatFailsVerificationExitsTwoAndLeavesNoFile(@TempDir Path out) throws Exception {
        Path damaged = out.resolve("damaged");
        Fixtures.copyTree(umoci, damaged);
        String layer = JSON.readTree(ok("manifest", image()).stdout()).path("layers").get(0).path("digest").asText();
        byte[] bytes = Files.readAllBytes(Fixtures.blob(damaged, layer));
        bytes[bytes.length / 2] ^= 1;
        Files.write(Fixtures.blob(damaged, layer), bytes);
        String ref = "oci:" + damaged + ":" + Fixtures.TAG;

        CliRun streamed = CliRun.of("blob", ref, layer);
        assertThat(streamed.exitCode()).isEqualTo(2);
        assertThat(streamed.stderr().strip()).contains(layer).doesNotContain("\n");
        assertThat(streamed.stdoutBytes()).hasSize(bytes.length); // stdout cannot take bytes back: the exit code says it

        Path target = Files.createDirectories(out.resolve("target"));
        CliRun toFile = CliRun.of("blob", "-o", target.resolve("layer.tar.gz").toString(), ref, layer);
        assertThat(toFile.exitCode()).isEqualTo(2);
        assertThat(toFile.stderr()).contains(layer);
        try (Stream<Path> files = Files.list(target)) {
            assertThat(files.toList()).as("nothing half-written").isEmpty();
        }
    }

    @Test
    void blobNotNamedByTheImageIsOneClearLine() {
        String unknown = "sha256:" + "1".repeat(64);
        CliRun run = CliRun.of("blob", image(), unknown);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip()).contains(unknown, "is not named by").doesNotContain("\n");
    }

    @Test
    void blobStreamsFromARegistry(@TempDir Path out) throws Exception {
        String repo = registry.host() + "/blob/image:v1";
        ok("push", "--insecure", image(), repo);
        String layer = JSON.readTree(ok("manifest", "--insecure", repo).stdout()).path("layers").get(1).path("digest").asText();
        assertThat(Fixtures.sha256(ok("blob", "--insecure", repo, layer).stdoutBytes())).isEqualTo(layer);
        ok("blob", "--insecure", "-o", out.resolve("l").toString(), "docker://" + repo, layer);
        assertThat(Fixtures.sha256(out.resolve("l"))).isEqualTo(layer);
    }

    // ---- --creds

    @Test
    void credsReachARegistryWithBasicAuthAndAreNeverPrinted(@TempDir Path out) throws Exception {
        String none = out.resolve("none.json").toString();
        String creds = DockerRegistry.USER + ":" + DockerRegistry.PASSWORD;
        String repo = authRegistry.host() + "/creds/image";

        CliRun anonymous = CliRun.of("push", "--insecure", "--authfile", none, image(), repo + ":v1");
        assertThat(anonymous.exitCode()).isEqualTo(2);

        CliRun push = ok("push", "--insecure", "--authfile", none, "--creds", creds, "--json", image(), repo + ":v1");
        String digest = JSON.readTree(push.stdout()).path("digest").asText();
        assertThat(ok("digest", "--insecure", "--authfile", none, "--creds", creds, repo + ":v1").stdout().strip()).isEqualTo(digest);
        String config = JSON.readTree(ok("manifest", "--insecure", "--authfile", none, "--creds", creds, repo + ":v1").stdout())
                .path("config").path("digest").asText();
        CliRun blob = ok("blob", "--insecure", "--authfile", none, "--creds", creds, repo + ":v1", config);
        assertThat(Fixtures.sha256(blob.stdoutBytes())).isEqualTo(config);
        assertThat(ok("tags", "--insecure", "--authfile", none, "--creds", creds, repo).stdout().lines()).containsExactly("v1");

        // copy: each side its own credentials; a registry without auth ignores them
        CliRun copy = ok("copy", "--insecure", "--authfile", none, "--src-creds", creds, "--dest-creds", "nobody:nothing",
                "docker://" + repo + ":v1", "docker://" + registry.host() + "/creds/copied:v1");
        CliRun back = ok("copy", "--insecure", "--authfile", none, "--dest-creds", creds,
                "docker://" + registry.host() + "/creds/copied:v1", "docker://" + repo + ":v2");
        assertThat(JSON.readTree(authRegistry.skopeo(out, "inspect", "--tls-verify=false", "--creds", creds,
                "docker://" + repo + ":v2").stdout()).path("Digest").asText()).isEqualTo(digest);

        CliRun wrong = CliRun.of("pull", "--insecure", "--authfile", none, "--creds", DockerRegistry.USER + ":not-the-password",
                repo + ":v1", out.resolve("p").toString());
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.stderr()).doesNotContain("not-the-password");
        for (CliRun run : new CliRun[] {push, blob, copy, back}) {
            assertThat(run.stdout() + run.stderr()).doesNotContain(DockerRegistry.PASSWORD);
        }
    }

    @Test
    void credsWithoutAPasswordAndNoTerminalIsOneClearLine() {
        CliRun run = CliRun.of("inspect", "--insecure", "--creds", "someone", authRegistry.host() + "/creds/image:v1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip()).contains("--creds someone has no password").doesNotContain("\n");
    }
}
