package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testing.DockerRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * gantry build through Main: per-step output with CACHED, the summary line, gantry prune --build-cache, an unsupported RUN flag refused with
 * exit 2, a malformed --secret, a build pushed straight to docker-registry.
 */
class BuildCommandTest {
    @TempDir
    Path work;

    @Test
    void secondBuildPrintsCachedForTheUnchangedLayer() throws Exception {
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("package.json"), "{}\n");
        Files.writeString(context.resolve("main.js"), "1\n");
        Files.writeString(context.resolve("Containerfile"), "FROM scratch\nWORKDIR /app\nCOPY package.json ./\nCOPY main.js ./\n");
        String cache = work.resolve("cache").toString();
        CliRun first = CliRun.of("build", context.toString(), "-t", "oci:" + work.resolve("a") + ":v1", "--cache-dir", cache);
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        // WORKDIR /app makes a layer of its own: scratch has no /app.
        assertThat(first.stdout()).doesNotContain("CACHED").contains("(3 layer(s) built, 0 cached)");
        Files.writeString(context.resolve("main.js"), "2\n");
        CliRun second = CliRun.of("build", context.toString(), "-t", "oci:" + work.resolve("b") + ":v1", "--cache-dir", cache);
        assertThat(second.stdout()).contains("STEP 3: COPY package.json ./  CACHED").contains("(1 layer(s) built, 2 cached)");
        assertThat(CliRun.of("validate", "oci:" + work.resolve("b") + ":v1").exitCode()).isZero();

        assertThat(CliRun.of("prune", "--build-cache", "--cache-dir", cache, "--unused-for", "7d").stdout())
                .contains("deleted 0 cached layer(s)");
        assertThat(CliRun.of("prune", "--build-cache", "--cache-dir", cache).stdout()).contains("deleted 4 cached layer(s)");
        CliRun third = CliRun.of("build", context.toString(), "-t", "oci:" + work.resolve("c") + ":v1", "--cache-dir", cache);
        assertThat(third.stdout()).doesNotContain("CACHED").contains("(3 layer(s) built, 0 cached)");
    }

    @Test
    void unsupportedRunFlagStopsTheBuildWithItsReason() throws Exception {
        CliRun run = buildOf("FROM scratch\nRUN --security=insecure true\n", "--root", work.resolve("store").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("line 2").contains("--security=insecure is not supported");
    }

    @Test
    void secretWithoutASourceIsAUsageError() throws Exception {
        CliRun run = buildOf("FROM scratch\n", "--secret", "id=tok");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--secret id=tok").contains("src=FILE");
    }

    /** gantry build of a context holding only this Dockerfile, with the given extra arguments. */
    private CliRun buildOf(String dockerfile, String... args) throws Exception {
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        List<String> all = new ArrayList<>(List.of("build", context.toString(), "-t", "oci:" + work.resolve("a") + ":v1",
                "--cache-dir", work.resolve("cache").toString()));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    void buildsStraightIntoARegistry() throws Exception {
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("main.js"), "1\n");
        Files.writeString(context.resolve("Containerfile"), "FROM scratch\nCOPY main.js /app/\nCMD [\"/app/main.js\"]\n");
        try (DockerRegistry registry = DockerRegistry.start(work.resolve("registry"))) {
            String repo = registry.host() + "/built/app";
            CliRun run = CliRun.of("build", "--insecure", "--json", context.toString(), "-t", "docker://" + repo + ":v1",
                    "--cache-dir", work.resolve("cache").toString());
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            String digest = new ObjectMapper().readTree(run.stdout()).path("digest").asText();
            JsonNode inspected = new ObjectMapper().readTree(registry.skopeo(null, "inspect", "--tls-verify=false",
                    "docker://" + repo + ":v1").stdout());
            assertThat(inspected.path("Digest").asText()).isEqualTo(digest);
            assertThat(inspected.path("Layers")).hasSize(1);
            String pulled = "oci:" + work.resolve("pulled") + ":v1";
            assertThat(registry.skopeo(work, "copy", "--src-tls-verify=false", "docker://" + repo + ":v1", pulled).exitCode()).isZero();
            assertThat(CliRun.of("validate", pulled).exitCode()).isZero();
        }
    }
}
