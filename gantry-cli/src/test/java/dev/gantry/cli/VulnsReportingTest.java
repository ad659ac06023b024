package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.oci.Json;
import dev.gantry.testing.Debs;
import dev.gantry.testing.DockerRegistry;
import dev.gantry.testing.PeerTools;
import dev.gantry.testing.UmociImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `gantry vulns` triage (VEX, ignore file, --show-suppressed), its SARIF and CycloneDX outputs, `--all` over an
 * index in a registry, and `gantry diff --vulns`, on dpkg-built images and tracker-format advisories.
 */
class VulnsReportingTest {
    /** Two source packages share CVE-2099-2001; gantry-glibc also has an unimportant one; gantry-ncurses an open one. */
    private static final String TRACKER = """
            {"gantry-glibc": {
              "CVE-2099-2001": {"description": "fixed in 2.36-9", "releases": {
                "bookworm": {"status": "resolved", "repositories": {"bookworm": "2.36-9"}, "fixed_version": "2.36-9", "urgency": "high"}}},
              "CVE-2099-2003": {"description": "unimportant", "releases": {
                "bookworm": {"status": "open", "repositories": {"bookworm": "2.36-9"}, "urgency": "unimportant"}}}
             },
             "gantry-zlib": {
              "CVE-2099-2001": {"description": "also here", "releases": {
                "bookworm": {"status": "resolved", "repositories": {"bookworm": "1.3-2"}, "fixed_version": "1.3-2", "urgency": "medium"}}}
             },
             "gantry-ncurses": {
              "CVE-2099-3001": {"description": "open", "releases": {
                "bookworm": {"status": "open", "repositories": {"bookworm": "6.4-1"}, "urgency": "high"}}}
             }}
            """;
    private static final String OS_RELEASE =
            "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n";

    @TempDir
    Path dir;

    private Path debs() throws IOException {
        PeerTools.assumeInstalled("umoci", "dpkg", "dpkg-deb");
        return Files.createDirectories(dir.resolve("debs"));
    }

    /** Layer 0: os-release; layer 1: gantry-b (source gantry-glibc 2.36-8) and gantry-z (source gantry-zlib 1.3-1). */
    private UmociImage base(String name) throws IOException {
        Path debs = debs();
        Path b = Debs.build(debs, "gantry-b", "2.36-8", "gantry-glibc");
        Path z = Debs.build(debs, "gantry-z", "1.3-1", "gantry-zlib");
        return UmociImage.create(dir.resolve(name))
                .layer(root -> {
                    Files.createDirectories(root.resolve("etc"));
                    Files.writeString(root.resolve("etc/os-release"), OS_RELEASE);
                })
                .layer(root -> Debs.dpkg(root, "-i", b.toString(), z.toString()));
    }

    private String db() throws IOException {
        Path tracker = Files.writeString(dir.resolve("tracker.json"), TRACKER);
        String db = dir.resolve("db").toString();
        CliRun imported = CliRun.of("vulns", "db", "import", "--db", db, tracker.toString());
        assertThat(imported.exitCode()).as(imported.stderr()).isZero();
        return db;
    }

    @Test
    void vexNotAffectedSuppressesOnlyTheNamedPackageAndShowSuppressedSaysWhy() throws IOException {
        String ref = base("img").ref();
        String db = db();
        Path openVex = Files.writeString(dir.resolve("app.openvex.json"), """
                {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.org/vex/app-1", "author": "platform team",
                 "timestamp": "2026-12-01T10:00:00Z", "version": 1,
                 "statements": [{"vulnerability": {"name": "CVE-2099-2001"},
                   "products": [{"@id": "pkg:deb/debian/gantry-b"}],
                   "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path",
                   "impact_statement": "the resolver is never called"}]}
                """);
        CliRun one = CliRun.of("vulns", ref, "--db", db, "--vex", openVex.toString(), "--fail-on", "medium");
        assertThat(one.exitCode()).as("gantry-z's CVE-2099-2001 still fails the gate: " + one.stdout()).isEqualTo(1);
        assertThat(one.stdout()).contains("gantry-z (gantry-zlib)", "1 suppressed (--show-suppressed lists them)")
                .doesNotContain("gantry-b (gantry-glibc)  2.36-8  2.36-9");

        Path cdxVex = Files.writeString(dir.resolve("app.cdx.json"), """
                {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
                 "vulnerabilities": [{"id": "CVE-2099-2001", "analysis": {"state": "not_affected",
                   "justification": "code_not_present", "detail": "zlib's inflate is not shipped"},
                   "affects": [{"ref": "pkg:deb/debian/gantry-z@1.3-1"}]}]}
                """);
        CliRun both = CliRun.of("vulns", ref, "--db", db, "--vex", openVex.toString(), "--vex", cdxVex.toString(),
                "--fail-on", "medium", "--show-suppressed");
        assertThat(both.exitCode()).as(both.stdout() + both.stderr()).isZero();
        assertThat(both.stdout()).contains("SUPPRESSED", "CVE-2099-2001 gantry-b: suppressed: VEX not_affected "
                        + "(vulnerable_code_not_in_execute_path: the resolver is never called) from " + openVex + " statement 1",
                "CVE-2099-2001 gantry-z: suppressed: VEX not_affected (code_not_present: zlib's inflate is not shipped) from "
                        + cdxVex + " vulnerabilities[0]");
        JsonNode json = Json.mapper().readTree(CliRun.of("vulns", ref, "--db", db, "--vex", openVex.toString(), "--json",
                "--show-suppressed").stdout());
        JsonNode b = find(json.path("findings"), "CVE-2099-2001", "gantry-b");
        assertThat(b.path("suppressed").asBoolean()).isTrue();
        assertThat(b.path("triage").path("kind").asText()).isEqualTo("VEX");
        assertThat(b.path("triage").path("origin").asText()).isEqualTo(openVex + " statement 1 (CVE-2099-2001)");
        assertThat(find(json.path("findings"), "CVE-2099-2001", "gantry-z").path("suppressed").asBoolean()).isFalse();
    }

    @Test
    void expiredIgnoreEntryFailsLoudlyAndAValidOneSuppressesWithItsLine() throws IOException {
        String ref = base("img").ref();
        String db = db();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Path expired = Files.writeString(dir.resolve("expired-ignore"), "# reviewed\nCVE-2099-2001 gantry-z until="
                + today.minusDays(1) + " waiting for the zlib upload\n");
        CliRun failed = CliRun.of("vulns", ref, "--db", db, "--ignore-file", expired.toString());
        assertThat(failed.exitCode()).isEqualTo(2);
        assertThat(failed.stdout()).isEmpty();
        assertThat(failed.stderr().strip()).doesNotContain("\n").startsWith("gantry: error: " + expired + ":2: ignore entry "
                + "CVE-2099-2001 gantry-z expired on " + today.minusDays(1));
        Path noReason = Files.writeString(dir.resolve("no-reason"), "CVE-2099-2001 until=" + today.plusDays(30) + "\n");
        CliRun refused = CliRun.of("vulns", ref, "--db", db, "--ignore-file", noReason.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.stderr()).contains(noReason + ":1: ignore entry CVE-2099-2001 has no reason");

        Path valid = Files.writeString(dir.resolve("ignore"), "CVE-2099-2001 gantry-glibc until=" + today
                + " fix scheduled for the next base image\n");
        CliRun suppressed = CliRun.of("vulns", ref, "--db", db, "--ignore-file", valid.toString(), "--show-suppressed");
        assertThat(suppressed.exitCode()).as(suppressed.stderr()).isZero();
        assertThat(suppressed.stdout()).contains("CVE-2099-2001 gantry-b: suppressed: ignored (fix scheduled for the next "
                + "base image; until " + today + ") from " + valid + ":1").doesNotContain("CVE-2099-2001 gantry-z:");
        assertThat(CliRun.of("vulns", ref, "--db", db, "--ignore-file", dir.resolve("missing").toString()).exitCode())
                .isEqualTo(2);
    }

    /** Without --ignore-file, ./.gantryignore-vulns is read when present: run in a child JVM whose working directory has one. */
    @Test
    void theDefaultIgnoreFileInTheWorkingDirectoryIsRead() throws Exception {
        String ref = base("img").ref();
        String db = db();
        Path cwd = Files.createDirectories(dir.resolve("project"));
        Files.writeString(cwd.resolve(".gantryignore-vulns"), "CVE-2099-2001 until=2026-01-01 stale\n");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "vulns", ref, "--db", db)
                .directory(cwd.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isEqualTo(2);
        assertThat(output.strip()).isEqualTo("gantry: error: .gantryignore-vulns:1: ignore entry CVE-2099-2001 expired on "
                + "2026-01-01 (\"stale\"): review it, then set a new until= date or remove the line");
    }

    @Test
    void sarifAndCycloneDxParseAndCarryTheFindingsIds() throws IOException {
        String ref = base("img").ref();
        String db = db();
        CliRun sarifRun = CliRun.of("vulns", ref, "--db", db, "--format", "sarif");
        assertThat(sarifRun.exitCode()).as(sarifRun.stderr()).isZero();
        JsonNode sarif = Json.mapper().readTree(sarifRun.stdout());
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.path("$schema").asText()).contains("sarif-2.1.0");
        JsonNode run = sarif.path("runs").get(0);
        assertThat(run.path("tool").path("driver").path("name").asText()).isEqualTo("gantry-vulns");
        JsonNode rules = run.path("tool").path("driver").path("rules");
        List<String> ruleIds = new ArrayList<>();
        rules.forEach(r -> ruleIds.add(r.path("id").asText()));
        assertThat(ruleIds).containsExactlyInAnyOrder("CVE-2099-2001", "CVE-2099-2003").doesNotHaveDuplicates();
        JsonNode results = run.path("results");
        assertThat(results).hasSize(3);
        Set<String> resultIds = new HashSet<>();
        for (JsonNode r : results) {
            resultIds.add(r.path("ruleId").asText());
            assertThat(rules.get(r.path("ruleIndex").asInt()).path("id").asText()).isEqualTo(r.path("ruleId").asText());
            assertThat(r.path("message").path("text").asText()).isNotBlank();
            assertThat(r.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo("var/lib/dpkg/status");
            assertThat(r.at("/properties/layer").asInt()).isEqualTo(1);
            assertThat(r.at("/properties/layerDigest").asText()).startsWith("sha256:");
        }
        assertThat(resultIds).containsExactlyInAnyOrder("CVE-2099-2001", "CVE-2099-2003");
        JsonNode glibc = findResult(results, "CVE-2099-2001", "gantry-b");
        assertThat(glibc.path("level").asText()).isEqualTo("error");
        assertThat(findResult(results, "CVE-2099-2001", "gantry-z").path("level").asText()).isEqualTo("warning");
        assertThat(findResult(results, "CVE-2099-2003", "gantry-b").path("level").asText()).isEqualTo("note");

        CliRun cdxRun = CliRun.of("vulns", ref, "--db", db, "--format", "cyclonedx", "--show-suppressed");
        assertThat(cdxRun.exitCode()).as(cdxRun.stderr()).isZero();
        JsonNode bom = Json.mapper().readTree(cdxRun.stdout());
        // the CycloneDX 1.5 schema's required fields and enums, checked here as its JSON schema is not on this machine
        assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(bom.path("specVersion").asText()).isEqualTo("1.5");
        assertThat(bom.path("serialNumber").asText()).matches("urn:uuid:[0-9a-f-]{36}");
        Set<String> componentRefs = new HashSet<>();
        bom.path("components").forEach(c -> componentRefs.add(c.path("bom-ref").asText()));
        JsonNode vulns = bom.path("vulnerabilities");
        assertThat(vulns).hasSize(3);
        Set<String> vulnRefs = new HashSet<>();
        for (JsonNode v : vulns) {
            assertThat(vulnRefs.add(v.path("bom-ref").asText())).as("bom-refs are unique").isTrue();
            assertThat(v.path("id").asText()).isIn("CVE-2099-2001", "CVE-2099-2003");
            assertThat(v.at("/ratings/0/severity").asText()).isIn("critical", "high", "medium", "low", "info", "none", "unknown");
            assertThat(componentRefs).contains(v.at("/affects/0/ref").asText());
            assertThat(v.at("/affects/0/versions/0/status").asText()).isEqualTo("affected");
            for (JsonNode p : v.path("properties")) {
                assertThat(p.has("name") && p.has("value")).isTrue();
            }
        }
        // the BOM is itself a VEX document: fed back, an analysis state suppresses what it names
        Path vex = Files.writeString(dir.resolve("bom-vex.json"), cdxRun.stdout().replace("\"properties\" : [ {\n"
                + "      \"name\" : \"gantry:layer:index\"", "\"analysis\" : { \"state\" : \"not_affected\", "
                + "\"justification\" : \"code_not_present\" },\n    \"properties\" : [ {\n      \"name\" : \"gantry:layer:index\""));
        CliRun again = CliRun.of("vulns", ref, "--db", db, "--vex", vex.toString(), "--json");
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(Json.mapper().readTree(again.stdout()).path("findings")).isEmpty();
    }

    @Test
    void allScansEveryPlatformOfAnIndexInARegistry() throws IOException {
        UmociImage amd = base("amd").config("--os=linux", "--architecture=amd64");
        Path debs = debs();
        Path n = Debs.build(debs, "gantry-n", "6.4-1", "gantry-ncurses");
        UmociImage arm = base("arm").layer(root -> Debs.dpkg(root, "-i", n.toString()))
                .config("--os=linux", "--architecture=arm64");
        String multi = "oci:" + dir.resolve("multi") + ":v1";
        CliRun index = CliRun.of("index", "create", "-o", multi, amd.ref(), arm.ref());
        assertThat(index.exitCode()).as(index.stderr()).isZero();
        String db = db();
        CliRun local = CliRun.of("vulns", multi, "--db", db, "--all", "--json");
        assertThat(Json.mapper().readTree(local.stdout()).path("platforms")).hasSize(2);
        try (DockerRegistry registry = DockerRegistry.start(dir.resolve("registry"))) {
            String remote = registry.host() + "/app:1";
            CliRun push = CliRun.of("push", "--insecure", "-q", "--all", multi, remote);
            assertThat(push.exitCode()).as(push.stderr()).isZero();

            CliRun all = CliRun.of("vulns", "--insecure", remote, "--db", db, "--all", "--json", "--fail-on", "high");
            assertThat(all.exitCode()).as(all.stderr()).isEqualTo(1);
            JsonNode result = Json.mapper().readTree(all.stdout());
            assertThat(result.path("platforms")).hasSize(2);
            JsonNode first = result.path("platforms").get(0);
            JsonNode second = result.path("platforms").get(1);
            assertThat(first.path("platform").asText()).isEqualTo("linux/amd64");
            assertThat(second.path("platform").asText()).isEqualTo("linux/arm64");
            assertThat(ids(first.path("findings"))).doesNotContain("CVE-2099-3001");
            assertThat(ids(second.path("findings"))).contains("CVE-2099-3001");
            assertThat(second.path("failed").asBoolean()).isTrue();

            CliRun arm64 = CliRun.of("vulns", "--insecure", remote, "--db", db, "--platform", "linux/arm64", "--format", "sarif");
            assertThat(arm64.exitCode()).as(arm64.stderr()).isZero();
            assertThat(Json.mapper().readTree(arm64.stdout()).path("runs")).hasSize(1);
            assertThat(arm64.stdout()).contains("CVE-2099-3001", "\"platform\" : \"linux/arm64\"");
            CliRun text = CliRun.of("vulns", "--insecure", remote, "--db", db, "--all");
            assertThat(text.stdout()).contains("== linux/amd64 ==", "== linux/arm64 ==");
        }
        assertThat(CliRun.of("vulns", multi, "--db", db, "--all", "--platform", "linux/amd64").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("vulns", multi, "--db", db, "--all", "--format", "cyclonedx").exitCode()).isEqualTo(2);
    }

    @Test
    void diffVulnsListsFixedIntroducedAndUnchangedAcrossAPackageUpgrade() throws IOException {
        String before = base("before").ref();
        Path debs = debs();
        Path newer = Debs.build(debs, "gantry-b", "2.36-9", "gantry-glibc");
        Path n = Debs.build(debs, "gantry-n", "6.4-1", "gantry-ncurses");
        String after = base("after").layer(root -> Debs.dpkg(root, "-i", newer.toString(), n.toString())).ref();
        String db = db();
        CliRun text = CliRun.of("diff", before, after, "--vulns", "--db", db);
        assertThat(text.exitCode()).as(text.stderr()).isEqualTo(1);
        assertThat(text.stdout()).contains("fixed:", "- CVE-2099-2001", "introduced:", "+ CVE-2099-3001", "gantry-n (gantry-ncurses)",
                "1 fixed, 1 introduced, 2 unchanged");
        JsonNode json = Json.mapper().readTree(CliRun.of("diff", before, after, "--vulns", "--db", db, "--json").stdout());
        assertThat(json.path("fixed")).hasSize(1);
        assertThat(json.at("/fixed/0/id").asText()).isEqualTo("CVE-2099-2001");
        assertThat(json.at("/fixed/0/pkg").asText()).isEqualTo("gantry-b");
        assertThat(json.at("/introduced/0/id").asText()).isEqualTo("CVE-2099-3001");
        assertThat(json.at("/introduced/0/layer").asInt()).isEqualTo(2);
        assertThat(json.path("unchanged").asInt()).isEqualTo(2);
        assertThat(CliRun.of("diff", before, before, "--vulns", "--db", db).exitCode()).isZero();
    }

    private static JsonNode find(JsonNode findings, String id, String pkg) {
        for (JsonNode f : findings) {
            if (f.path("id").asText().equals(id) && f.path("pkg").asText().equals(pkg)) {
                return f;
            }
        }
        throw new AssertionError("no " + id + " in " + pkg + ": " + findings);
    }

    private static JsonNode findResult(JsonNode results, String id, String pkg) {
        for (JsonNode r : results) {
            if (r.path("ruleId").asText().equals(id) && r.at("/properties/package").asText().equals(pkg)) {
                return r;
            }
        }
        throw new AssertionError("no " + id + " in " + pkg + ": " + results);
    }

    private static List<String> ids(JsonNode findings) {
        List<String> ids = new ArrayList<>();
        findings.forEach(f -> ids.add(f.path("id").asText()));
        return ids;
    }
}
