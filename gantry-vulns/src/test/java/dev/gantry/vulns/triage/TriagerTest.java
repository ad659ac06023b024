package dev.gantry.vulns.triage;

import dev.gantry.error.InvalidInputException;
import dev.gantry.vulns.db.Severity;
import dev.gantry.vulns.scan.Finding;
import dev.gantry.vulns.scan.VulnReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** VEX documents (OpenVEX and CycloneDX) and ignore entries applied to findings. */
class TriagerTest {
    static final String IMAGE = TestFindings.IMAGE;
    static final String OTHER_IMAGE = TestFindings.OTHER_IMAGE;

    @TempDir
    Path dir;

    static Finding finding(String id, String pkg, String source, String version) {
        return TestFindings.finding(id, pkg, source, version);
    }

    static VulnReport report(Finding... findings) {
        return TestFindings.report(findings);
    }

    private TriagedReport triage(VulnReport report, String vexJson) throws IOException {
        Path vex = Files.writeString(dir.resolve("vex.json"), vexJson);
        return new Triager(VexReader.read(vex), List.of()).apply(report, null, Set.of(IMAGE));
    }

    @Test
    void openVexNotAffectedSuppressesOnlyTheNamedPackage() throws IOException {
        TriagedReport triaged = triage(report(finding("CVE-2099-1", "libfoo1", "foo", "1.0-1"),
                finding("CVE-2099-1", "libbar1", "bar", "2.0-1"), finding("CVE-2099-2", "libfoo1", "foo", "1.0-1")), """
                {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.org/vex/1", "author": "sec team",
                 "timestamp": "2026-12-01T10:00:00Z", "version": 1,
                 "statements": [{"vulnerability": {"name": "CVE-2099-1"},
                   "products": [{"@id": "pkg:deb/debian/libfoo1"}],
                   "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path",
                   "impact_statement": "the parser is never called"}]}
                """);
        assertThat(triaged.findings()).extracting(TriagedFinding::suppressed).containsExactly(true, false, false);
        Triage why = triaged.findings().getFirst().triage();
        assertThat(why.why()).isEqualTo("VEX not_affected (vulnerable_code_not_in_execute_path: the parser is never called) from "
                + dir.resolve("vex.json") + " statement 1 (CVE-2099-1)");
        assertThat(triaged.failing(Severity.HIGH, false)).extracting(Finding::pkg, Finding::id)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("libbar1", "CVE-2099-1"),
                        org.assertj.core.groups.Tuple.tuple("libfoo1", "CVE-2099-2"));
    }

    @Test
    void openVexImageProductAppliesOnlyToThatImageAndItsSubcomponents() throws IOException {
        String vex = """
                {"@context": "https://openvex.dev/ns/v0.2.0", "statements": [
                  {"vulnerability": {"name": "CVE-2099-9", "aliases": ["DSA-5999-1"]},
                   "products": [{"@id": "pkg:oci/app@%s?repository_url=registry.example.org/app",
                     "subcomponents": [{"@id": "pkg:deb/debian/foo@1.0-1"}]}],
                   "status": "fixed"}]}
                """;
        VulnReport r = report(finding("CVE-2099-1", "libfoo1", "foo", "1.0-1"), finding("CVE-2099-1", "libbar1", "bar", "2.0-1"));
        // matched by the alias DSA-5999-1, the image's digest, and the source package foo at its version
        assertThat(triage(r, vex.formatted(IMAGE.replace(":", "%3A"))).findings())
                .extracting(TriagedFinding::suppressed).containsExactly(true, false);
        assertThat(triage(r, vex.formatted(OTHER_IMAGE.replace(":", "%3A"))).findings())
                .extracting(TriagedFinding::suppressed).containsExactly(false, false);
    }

    @Test
    void latestStatementWinsAndAffectedAnnotatesWithoutSuppressing() throws IOException {
        TriagedReport triaged = triage(report(finding("CVE-2099-1", "libfoo1", null, "1.0-1")), """
                {"@context": "https://openvex.dev/ns/v0.2.0", "statements": [
                  {"vulnerability": {"name": "CVE-2099-1"}, "products": [{"@id": "pkg:deb/debian/libfoo1"}],
                   "timestamp": "2026-12-02T00:00:00Z", "status": "affected", "action_statement": "upgrade next sprint"},
                  {"vulnerability": {"name": "CVE-2099-1"}, "products": [{"@id": "pkg:deb/debian/libfoo1"}],
                   "timestamp": "2026-11-01T00:00:00Z", "status": "not_affected", "justification": "component_not_present"}]}
                """);
        TriagedFinding only = triaged.findings().getFirst();
        assertThat(only.suppressed()).isFalse();
        assertThat(only.triage().state()).isEqualTo("affected");
        assertThat(only.triage().detail()).isEqualTo("upgrade next sprint");
    }

    @Test
    void cycloneDxVexResolvesAffectsRefsThroughComponents() throws IOException {
        TriagedReport triaged = triage(report(finding("CVE-2099-1", "libfoo1", null, "1.0+dfsg-1"),
                finding("CVE-2099-1", "libbar1", null, "2.0-1")), """
                {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
                 "components": [{"type": "library", "bom-ref": "comp-1", "name": "libbar1", "purl": "pkg:deb/debian/libbar1@2.0-1"}],
                 "vulnerabilities": [{"id": "CVE-2099-1", "analysis": {"state": "false_positive", "justification": "code_not_present",
                     "detail": "the vulnerable file is deleted in our build"}, "affects": [{"ref": "comp-1"}]},
                   {"id": "CVE-2099-1", "analysis": {"state": "resolved"},
                    "affects": [{"ref": "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#pkg:deb/debian/libfoo1@1.0+dfsg-1"}]}]}
                """);
        assertThat(triaged.findings()).extracting(TriagedFinding::suppressed).containsExactly(true, true);
        assertThat(triaged.findings().getFirst().triage().why()).startsWith("VEX fixed from ");
        assertThat(triaged.findings().get(1).triage().why()).contains("VEX not_affected", "code_not_present",
                "vulnerabilities[0] (CVE-2099-1)");
    }

    @Test
    void ignoreEntrySuppressesWithItsReasonAndLine() throws IOException {
        Path file = Files.writeString(dir.resolve("ignore"), "CVE-2099-1 libfoo1 until=2027-06-30 accepted by sec team\n");
        TriagedReport triaged = new Triager(List.of(), IgnoreFile.read(file, LocalDate.of(2026, 12, 4)))
                .apply(report(finding("CVE-2099-1", "libfoo1", null, "1.0-1"), finding("CVE-2099-1", "libbar1", null, "2.0-1")),
                        null, Set.of(IMAGE));
        assertThat(triaged.findings()).extracting(TriagedFinding::suppressed).containsExactly(true, false);
        assertThat(triaged.findings().getFirst().triage().why())
                .isEqualTo("ignored (accepted by sec team; until 2027-06-30) from " + file + ":1");
    }

    @Test
    void vexStatementsThatCannotBeUnderstoodNameFileAndStatement() throws IOException {
        Path noJustification = Files.writeString(dir.resolve("a.json"), """
                {"@context": "https://openvex.dev/ns/v0.2.0", "statements": [
                  {"vulnerability": {"name": "CVE-2099-1"}, "status": "fixed"},
                  {"vulnerability": {"name": "CVE-2099-1"}, "status": "not_affected"}]}
                """);
        assertThatThrownBy(() -> VexReader.read(noJustification)).isInstanceOf(InvalidInputException.class)
                .hasMessage("VEX file " + noJustification + ": statement 2 is not_affected without a justification or impact_statement");
        Path badState = Files.writeString(dir.resolve("b.json"), """
                {"bomFormat": "CycloneDX", "vulnerabilities": [{"id": "CVE-1", "analysis": {"state": "meh"}, "affects": [{"ref": "x"}]}]}
                """);
        assertThatThrownBy(() -> VexReader.read(badState)).hasMessageContaining("vulnerabilities[0] has analysis.state 'meh'");
        Path neither = Files.writeString(dir.resolve("c.json"), "{\"statements\": []}");
        assertThatThrownBy(() -> VexReader.read(neither)).hasMessageContaining("neither OpenVEX");
    }
}
