package dev.gantry.vulns.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.oci.Json;
import dev.gantry.vulns.triage.IgnoreEntry;
import dev.gantry.vulns.triage.TriagedReport;
import dev.gantry.vulns.triage.Triager;
import dev.gantry.vulns.triage.TestFindings;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** SARIF for triaged findings: one rule per id however many packages have it, suppressions only when asked. */
class VulnSarifTest {
    private static TriagedReport triaged() {
        IgnoreEntry ignore = new IgnoreEntry("CVE-2099-1", "libbar1", LocalDate.of(2099, 1, 1), "accepted", ".gantryignore-vulns", 3);
        return new Triager(List.of(), List.of(ignore)).apply(TestFindings.report(
                TestFindings.finding("CVE-2099-1", "libfoo1", "foo", "1.0-1"),
                TestFindings.finding("CVE-2099-1", "libbar1", "bar", "2.0-1"),
                TestFindings.finding("CVE-2099-2", "libfoo1", "foo", "1.0-1")), "linux/arm64", Set.of(TestFindings.IMAGE));
    }

    @Test
    void oneRulePerVulnerabilityAndSuppressedResultsOnlyWithTheirReason() {
        JsonNode all = Json.tree(Json.write(VulnSarif.of(List.of(triaged()), "test", true)), "sarif");
        JsonNode run = all.path("runs").get(0);
        assertThat(run.at("/tool/driver/rules")).extracting(r -> r.path("id").asText()).containsExactly("CVE-2099-1", "CVE-2099-2");
        assertThat(run.at("/tool/driver/rules/0/properties/security-severity").asText()).isEqualTo("8.0");
        JsonNode results = run.path("results");
        assertThat(results).extracting(r -> r.path("ruleIndex").asInt()).containsExactly(0, 0, 1);
        assertThat(results.get(0).has("suppressions")).isFalse();
        assertThat(results.get(1).at("/suppressions/0/kind").asText()).isEqualTo("external");
        assertThat(results.get(1).at("/suppressions/0/justification").asText())
                .isEqualTo("ignored (accepted; until 2099-01-01) from .gantryignore-vulns:3");
        assertThat(results.get(1).at("/properties/platform").asText()).isEqualTo("linux/arm64");
        assertThat(results.get(0).at("/locations/0/physicalLocation").has("region")).as("a whole database, no line").isFalse();

        JsonNode shown = Json.tree(Json.write(VulnSarif.of(List.of(triaged()), "test", false)), "sarif");
        assertThat(shown.at("/runs/0/results")).extracting(r -> r.at("/properties/package").asText())
                .containsExactly("libfoo1", "libfoo1");
    }
}
