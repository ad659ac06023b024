package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.oci.Json;
import dev.gantry.testing.Debs;
import dev.gantry.testing.PeerTools;
import dev.gantry.testing.UmociImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `gantry vulns` and `gantry vulns db` end to end, on a dpkg-built image and tracker-format advisories. */
class VulnsCommandTest {
    private static final String TRACKER = """
            {"gantry-glibc": {
              "CVE-2099-2001": {"description": "fixed in 2.36-9", "releases": {
                "bookworm": {"status": "resolved", "repositories": {"bookworm": "2.36-9"}, "fixed_version": "2.36-9", "urgency": "high"}}},
              "CVE-2099-2003": {"description": "unimportant", "releases": {
                "bookworm": {"status": "open", "repositories": {"bookworm": "2.36-9"}, "urgency": "unimportant"}}},
              "CVE-2099-2005": {"description": "never affected", "releases": {
                "bookworm": {"status": "resolved", "repositories": {"bookworm": "2.36-9"}, "fixed_version": "0", "urgency": "low"}}}
            }}
            """;

    @TempDir
    Path dir;

    private String image() throws IOException {
        PeerTools.assumeInstalled("umoci", "dpkg", "dpkg-deb");
        Path debs = Files.createDirectories(dir.resolve("debs"));
        Path b = Debs.build(debs, "gantry-b", "2.36-9", "gantry-glibc (2.36-8)");
        return UmociImage.create(dir.resolve("img"))
                .layer(root -> {
                    Files.createDirectories(root.resolve("etc"));
                    Files.writeString(root.resolve("etc/os-release"),
                            "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n");
                })
                .layer(root -> Debs.dpkg(root, "-i", b.toString()))
                .ref();
    }

    private String db() throws IOException {
        Path tracker = Files.writeString(dir.resolve("tracker.json"), TRACKER);
        String db = dir.resolve("db").toString();
        CliRun imported = CliRun.of("vulns", "db", "import", "--db", db, tracker.toString());
        assertThat(imported.exitCode()).as(imported.stderr()).isZero();
        assertThat(imported.stdout()).contains("3 advisories", "debian-tracker");
        return db;
    }

    @Test
    void tableGroupsFindingsByLayerWithSourcePackageAndTriage() throws IOException {
        String ref = image();
        String db = db();
        CliRun scan = CliRun.of("vulns", ref, "--db", db);
        assertThat(scan.exitCode()).as(scan.stderr()).isZero();
        assertThat(scan.stdout()).contains("built ", "1 package(s) matched in Debian:12, Debian", "layer 1 sha256:",
                "packages from var/lib/dpkg/status", "CVE-2099-2001", "gantry-b (gantry-glibc)", "2.36-9", "high",
                "CVE-2099-2003", "unimportant (Debian rates it unimportant)", "no fix yet")
                .doesNotContain("CVE-2099-2005", "layer 0 ");
        CliRun suppressed = CliRun.of("scan", ref, "--db", db, "--show-suppressed");
        assertThat(suppressed.stdout()).contains("CVE-2099-2005", "not-affected");
    }

    @Test
    void failOnSetsTheExitCodeAndDebianTriageDoesNotFailUnlessStrict() throws IOException {
        String ref = image();
        String db = db();
        assertThat(CliRun.of("vulns", ref, "--db", db, "--fail-on", "high").exitCode()).isEqualTo(1);
        assertThat(CliRun.of("vulns", ref, "--db", db, "--fail-on", "critical").exitCode()).isZero();
        CliRun json = CliRun.of("vulns", ref, "--db", db, "--fail-on", "negligible", "--json");
        assertThat(json.exitCode()).isEqualTo(1);
        JsonNode result = Json.mapper().readTree(json.stdout());
        assertThat(result.path("failed").asBoolean()).isTrue();
        assertThat(result.path("database").path("sources").get(0).path("format").asText()).isEqualTo("debian-tracker");
        JsonNode first = result.path("findings").get(0);
        assertThat(first.path("id").asText()).isEqualTo("CVE-2099-2001");
        assertThat(first.path("comparedVersion").asText()).isEqualTo("2.36-8");
        assertThat(first.path("layer").asInt()).isEqualTo(1);
        assertThat(first.path("createdBy").asText()).isNotBlank();
        assertThat(first.path("database").asText()).isEqualTo("var/lib/dpkg/status");
        assertThat(result.path("findings").get(1).path("status").asText()).isEqualTo("unimportant");
        // only the unimportant finding is left once the fix is in: it does not fail the gate, unless --strict
        Path fixedTracker = Files.writeString(dir.resolve("fixed.json"), TRACKER.replace("\"fixed_version\": \"2.36-9\"",
                "\"fixed_version\": \"2.36-8\""));
        assertThat(CliRun.of("vulns", "db", "import", "--db", db, fixedTracker.toString()).exitCode()).isZero();
        assertThat(CliRun.of("vulns", ref, "--db", db, "--fail-on", "unknown").exitCode()).isZero();
        assertThat(CliRun.of("vulns", ref, "--db", db, "--fail-on", "unknown", "--strict").exitCode()).isEqualTo(1);
    }

    @Test
    void warnsWhenTheDatabaseIsOlderThanAllowed() throws IOException {
        String ref = image();
        String db = db();
        CliRun scan = CliRun.of("vulns", ref, "--db", db, "--max-db-age", "0m");
        assertThat(scan.exitCode()).isZero();
        assertThat(scan.stderr()).contains("warning: the advisory database is", "gantry vulns db update");
        assertThat(CliRun.of("vulns", ref, "--db", db).stderr()).doesNotContain("warning");
    }

    @Test
    void usageAndInputErrorsExitTwoWithOneLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), TRACKER.replace("\"status\": \"open\"", "\"status\": 7"));
        CliRun corrupt = CliRun.of("vulns", "db", "import", "--db", dir.resolve("db").toString(), bad.toString());
        assertThat(corrupt.exitCode()).isEqualTo(2);
        assertThat(corrupt.stderr().strip()).doesNotContain("\n")
                .contains("bad.json", "entry gantry-glibc/CVE-2099-2003", "has no \"status\"");
        CliRun missing = CliRun.of("vulns", "oci:" + dir.resolve("nothing") + ":t", "--db", dir.resolve("empty").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("no advisory database at", "gantry vulns db update");
        CliRun offline = CliRun.of("vulns", "docker://127.0.0.1:9/never/contacted:1", "--offline", "--db", dir.toString());
        assertThat(offline.exitCode()).isEqualTo(2);
        assertThat(offline.stderr()).contains("--offline");
        assertThat(CliRun.of("vulns", "oci:x:t", "--fail-on", "severe").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("vulns").exitCode()).isEqualTo(2);
    }

    /** The vulns module stays off every other command's path: `inspect`, `packages` and `diff` without --vulns load none of its classes. */
    @Test
    void inspectLoadsNoVulnsClass() throws Exception {
        String ref = image();
        String db = db();
        assertThat(vulnsClassesLoadedBy("inspect", ref)).isEmpty();
        assertThat(vulnsClassesLoadedBy("--help")).isEmpty();
        assertThat(vulnsClassesLoadedBy("diff", ref, ref)).as("diff without --vulns").isEmpty();
        assertThat(vulnsClassesLoadedBy("packages", ref)).isEmpty();
        // the same check sees them when the command does use the module
        assertThat(vulnsClassesLoadedBy("vulns", "db", "info", "--db", db)).contains("dev.gantry.vulns.db.AdvisoryDb");
        assertThat(vulnsClassesLoadedBy("diff", ref, ref, "--vulns", "--db", db)).contains("dev.gantry.vulns.report.VulnDiff");
    }

    private List<String> vulnsClassesLoadedBy(String... args) throws Exception {
        Path log = Files.createTempFile(dir, "class-load", ".log");
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertThat(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();
        // and Maven's ComparableVersion (gantry-maven-version), which only the vulns module uses
        return Files.readAllLines(log).stream().filter(l -> l.contains(" dev.gantry.vulns.") || l.contains(" org.apache.maven."))
                .map(l -> l.replaceAll(".* ((dev\\.gantry\\.vulns|org\\.apache\\.maven)\\.[A-Za-z0-9_.$]+).*", "$1")).toList();
    }
}
