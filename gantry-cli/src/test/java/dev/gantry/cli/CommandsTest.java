package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.digest.Digest;
import dev.gantry.oci.Json;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands end to end on images made by real tools: output, JSON, exit codes. */
class CommandsTest {
    @TempDir
    Path dir;

    @Test
    void inspectShowsHandMadeImageAndWarnsThatNoCommandIsSet() {
        Path archive = Fixtures.handMadeArchive(dir, true);
        CliRun run = CliRun.of("inspect", archive.toString());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("docker-archive:" + archive, "Platform:    linux/amd64", "Layers:      1,");
        assertThat(run.stderr()).contains("warning: neither Entrypoint nor Cmd is set");
    }

    @Test
    void validateNamesBothDigestsWhenDiffIdIsTheCompressedDigest() throws Exception {
        Path archive = Fixtures.handMadeArchive(dir, false);
        Path layer = dir.resolve("hand-wrong/base/layer.tar");
        String compressed = Fixtures.sha256(layer);
        String uncompressed = Fixtures.sha256Uncompressed(layer);
        CliRun run = CliRun.of("validate", archive.toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_CHECK_FAILED);
        assertThat(run.stdout()).contains(compressed, uncompressed, "digest of the compressed blob", "base/layer.tar", "INVALID");
    }

    @Test
    void validateAcceptsTheCorrectDiffId() {
        Path archive = Fixtures.handMadeArchive(dir, true);
        CliRun run = CliRun.of("validate", archive.toString());
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).contains("valid");
    }

    @Test
    void validateJsonReportsEachLayer() {
        Path layout = Fixtures.umociLayout(dir);
        CliRun run = CliRun.of("validate", "--json", "oci:" + layout + ":" + Fixtures.TAG);
        assertThat(run.exitCode()).isZero();
        JsonNode result = Json.tree(run.stdoutBytes(), "validate output");
        assertThat(result.path("valid").asBoolean()).isTrue();
        assertThat(result.path("report").path("layers")).hasSize(2);
    }

    @Test
    void manifestPrintsTheStoredBytesAndDigestMatchesThem() {
        Path layout = Fixtures.umociLayout(dir);
        String ref = "oci:" + layout + ":" + Fixtures.TAG;
        CliRun manifest = CliRun.of("manifest", ref);
        CliRun digest = CliRun.of("digest", ref);
        assertThat(manifest.exitCode()).isZero();
        assertThat(digest.stdout().strip()).isEqualTo(Digest.sha256(manifest.stdoutBytes()).toString());
    }

    @Test
    void inspectJsonCarriesEntrypointEnvAndLayerHistory() {
        Path layout = Fixtures.umociLayout(dir);
        CliRun run = CliRun.of("inspect", "--json", "oci:" + layout + ":" + Fixtures.TAG);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode info = Json.tree(run.stdoutBytes(), "inspect output");
        assertThat(info.path("entrypoint").toString()).contains("/bin/sh");
        assertThat(info.path("env").toString()).contains(Fixtures.ENV);
        assertThat(info.path("layers")).hasSize(2);
        for (JsonNode layer : info.path("layers")) {
            assertThat(layer.path("uncompressedSize").asLong()).isGreaterThan(layer.path("size").asLong() / 100);
            assertThat(layer.path("createdBy").asText()).isNotEmpty();
        }
        assertThat(run.stderr()).doesNotContain("neither Entrypoint nor Cmd");
    }

    @Test
    void layersHistoryConfigAndLsWork() {
        Path layout = Fixtures.umociLayout(dir);
        String ref = "oci:" + layout + ":" + Fixtures.TAG;
        JsonNode layers = Json.mapper().valueToTree(parseList(CliRun.of("layers", "--json", ref)));
        assertThat(layers).hasSize(2);
        assertThat(layers.get(0).path("diffId").asText()).startsWith("sha256:");
        CliRun history = CliRun.of("history", ref);
        assertThat(history.exitCode()).isZero();
        assertThat(history.stdout()).contains("STEP", "umoci");
        CliRun config = CliRun.of("config", ref);
        assertThat(Json.tree(config.stdoutBytes(), "config").path("rootfs").path("type").asText()).isEqualTo("layers");
        CliRun ls = CliRun.of("ls", layout.toString());
        assertThat(ls.stdout().strip()).isEqualTo(Fixtures.TAG);
    }

    @Test
    void copyBetweenFormatsKeepsLayersAndSkopeoReadsTheResult() throws Exception {
        PeerTools.assumeInstalled("skopeo");
        Path layout = Fixtures.umociLayout(dir);
        Path archive = dir.resolve("out.tar");
        CliRun toArchive = CliRun.of("copy", "oci:" + layout + ":" + Fixtures.TAG, "docker-archive:" + archive + ":example/app:1.0");
        assertThat(toArchive.exitCode()).as(toArchive.stderr()).isZero();
        Path back = dir.resolve("back");
        CliRun toLayout = CliRun.of("copy", "--json", archive.toString(), "oci:" + back + ":copied");
        assertThat(toLayout.exitCode()).as(toLayout.stderr()).isZero();
        String original = CliRun.of("digest", "oci:" + layout + ":" + Fixtures.TAG).stdout().strip();
        assertThat(Json.tree(toLayout.stdoutBytes(), "copy output").path("digest").asText()).isEqualTo(original);
        String skopeo = PeerTools.stdout(dir, "skopeo", "inspect", "--format", "{{.Digest}}", "docker-archive:" + archive);
        assertThat(skopeo.strip()).startsWith("sha256:");
        assertThat(CliRun.of("validate", "oci:" + back + ":copied").exitCode()).isZero();
    }

    @Test
    void copyWithDockerFormatWritesSchema2ManifestsWithTheSameLayers() {
        Path layout = Fixtures.umociLayout(dir);
        String source = "oci:" + layout + ":" + Fixtures.TAG;
        Path archive = dir.resolve("docker.tar");
        CliRun copy = CliRun.of("copy", "--format", "docker", source, "docker-archive:" + archive + ":example/app:2");
        assertThat(copy.exitCode()).as(copy.stderr()).isZero();
        JsonNode manifest = Json.tree(CliRun.of("manifest", archive.toString()).stdoutBytes(), "manifest");
        assertThat(manifest.path("mediaType").asText()).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(manifest.path("config").path("mediaType").asText()).isEqualTo("application/vnd.docker.container.image.v1+json");
        JsonNode original = Json.tree(CliRun.of("manifest", source).stdoutBytes(), "manifest");
        for (int i = 0; i < original.path("layers").size(); i++) {
            assertThat(manifest.path("layers").get(i).path("digest")).isEqualTo(original.path("layers").get(i).path("digest"));
            assertThat(manifest.path("layers").get(i).path("mediaType").asText()).isEqualTo("application/vnd.docker.image.rootfs.diff.tar.gzip");
        }
        assertThat(CliRun.of("validate", archive.toString()).exitCode()).isZero();
    }

    @Test
    void unknownFormatIsAUsageError() {
        CliRun run = CliRun.of("copy", "--format", "v1", "a", "b");
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run.stderr()).contains("unknown --format 'v1'");
    }

    @Test
    void missingPathIsAnErrorWithExitTwo() {
        CliRun run = CliRun.of("inspect", dir.resolve("nope").toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run.stderr()).contains("gantry: error:", "does not exist");
    }

    @Test
    void unreachableRegistryIsAnErrorWithExitTwoNamingTheHost() {
        // Port 1 on loopback: nothing listens, so the refusal is immediate and no network is used.
        CliRun run = CliRun.of("inspect", "docker://127.0.0.1:1/app:1");
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run.stderr()).contains("cannot reach registry 127.0.0.1:1", "--insecure");
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun run = CliRun.of("inspect", "--bogus", "x");
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run.stderr()).contains("--bogus");
    }

    @Test
    void nonexistentTagListsWhatTheLayoutHas() throws Exception {
        Path layout = Fixtures.umociLayout(dir);
        CliRun run = CliRun.of("inspect", "oci:" + layout + ":nope");
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run.stderr()).contains("'nope' not found", Fixtures.TAG);
        assertThat(Files.exists(layout)).isTrue();
    }

    private static Object parseList(CliRun run) {
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        try {
            return Json.mapper().readValue(run.stdoutBytes(), Object.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
