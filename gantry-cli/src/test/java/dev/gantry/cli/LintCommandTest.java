package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.oci.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** gantry lint end to end: table, JSON, SARIF, ignores, --fail-on and exit codes. */
class LintCommandTest {
    private static final String BAD = """
            FROM node:latest
            WORKDIR /app
            COPY . .
            RUN npm install
            CMD npm start
            """;

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("Dockerfile"), text);
    }

    @Test
    void printsOneLinePerFindingWithItsFixBelowAndFails() throws Exception {
        Path file = write(BAD);
        CliRun run = CliRun.of("lint", file.toString());
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(Main.EXIT_CHECK_FAILED);
        assertThat(run.stdout())
                .containsPattern("(?m)^\\Q" + file + "\\E:1 GL010 warning: FROM node:latest.*\\n    fix: \\S")
                .containsPattern("(?m)^\\Q" + file + "\\E:3 GL001 warning: COPY \\. \\. copies the whole context before the install at line 4")
                .contains("finding(s)");
        // Readable in a terminal: no line padded out to the longest message and fix.
        assertThat(run.stdout().lines().mapToInt(String::length).max().orElse(0))
                .isLessThan(file.toString().length() + 200);
    }

    @Test
    void cleanFileExitsZero() throws Exception {
        Path file = write("FROM alpine:3.20\nRUN apk add --no-cache curl\nUSER 1000\nCMD [\"curl\", \"--version\"]\n");
        CliRun run = CliRun.of("lint", file.toString());
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).contains("no findings");
    }

    @Test
    void jsonListsFindingsAndFailOnRaisesTheBar() throws Exception {
        Path file = write(BAD);
        CliRun run = CliRun.of("lint", "--json", "--fail-on", "error", file.toString());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode json = Json.tree(run.stdoutBytes(), "lint output");
        assertThat(json.path("failed").asBoolean()).isFalse();
        assertThat(json.path("findings").findValuesAsText("id")).containsExactly("GL010", "GL011", "GL001", "GL020");
        JsonNode first = json.path("findings").get(0);
        assertThat(first.path("line").asInt()).isEqualTo(1);
        assertThat(first.path("severity").asText()).isIn("error", "warning", "info");
        assertThat(first.path("fix").asText()).isNotBlank();
    }

    @Test
    void sarifAndIgnoresTogether() throws Exception {
        Path file = write(BAD);
        CliRun run = CliRun.of("lint", "--sarif", "--ignore", "GL001,GL008", "--ignore", "DL3025", file.toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_CHECK_FAILED);
        JsonNode sarif = Json.tree(run.stdoutBytes(), "sarif");
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.path("runs").get(0).path("results").findValuesAsText("ruleId")).containsExactlyInAnyOrder("GL010", "GL011");
    }

    @Test
    void listsEveryRuleWithItsHadolintId() throws Exception {
        CliRun run = CliRun.of("lint", "--list-rules");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).containsPattern("(?m)^GL003 +DL3009 +warning +apt-get install without removing")
                .containsPattern("(?m)^GL002 +- +error +secret-looking file");
        JsonNode rules = Json.mapper().readTree(CliRun.of("lint", "--list-rules", "--json").stdoutBytes());
        assertThat(rules.findValuesAsText("id")).startsWith("GL001", "GL002").contains("GL027");
    }

    @Test
    void syntaxErrorsAndBadOptionsExitTwo() throws Exception {
        Path file = write("FROM alpine:3.20\nCOPY onlyone\n");
        CliRun broken = CliRun.of("lint", file.toString());
        assertThat(broken.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(broken.stderr()).contains(file + ":2: COPY needs at least one source and a destination");
        assertThat(CliRun.of("lint", "--json", "--sarif", file.toString()).exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(CliRun.of("lint", "--fail-on", "fatal", file.toString()).exitCode()).isEqualTo(Main.EXIT_ERROR);
        CliRun unknown = CliRun.of("lint", "--ignore", "GL999", file.toString());
        assertThat(unknown.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(unknown.stderr()).contains("unknown lint rule 'GL999'");
        assertThat(CliRun.of("lint", dir.resolve("missing").toString()).stderr()).contains("no such file");
    }
}
