package dev.gantry.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** gantry build through Main: per-step output with CACHED, the summary line, an unsupported RUN flag refused with exit 2. */
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
        assertThat(first.stdout()).doesNotContain("CACHED").contains("(2 layer(s) built, 0 cached)");
        Files.writeString(context.resolve("main.js"), "2\n");
        CliRun second = CliRun.of("build", context.toString(), "-t", "oci:" + work.resolve("b") + ":v1", "--cache-dir", cache);
        assertThat(second.stdout()).contains("STEP 3: COPY package.json ./  CACHED").contains("(1 layer(s) built, 1 cached)");
        assertThat(CliRun.of("validate", "oci:" + work.resolve("b") + ":v1").exitCode()).isZero();
    }

    @Test
    void unsupportedRunFlagStopsTheBuildWithItsReason() throws Exception {
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nRUN --network=none true\n");
        CliRun run = CliRun.of("build", context.toString(), "-t", "oci:" + work.resolve("a") + ":v1",
                "--cache-dir", work.resolve("cache").toString(), "--root", work.resolve("store").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("line 2").contains("not supported yet");
    }
}
