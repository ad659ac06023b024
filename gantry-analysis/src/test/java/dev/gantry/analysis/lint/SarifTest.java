package dev.gantry.analysis.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.dockerfile.DockerfileParser;
import dev.gantry.oci.Json;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The SARIF 2.1.0 shape code-scanning tools require, read back as plain JSON. */
class SarifTest {
    @Test
    void reportHasSchemaVersionRulesAndLocatedResults() {
        LintReport report = new Linter(Set.of()).lint(DockerfileParser.parse("FROM ubuntu\nRUN cd /x && make\n", "build/my Dockerfile"));
        JsonNode sarif = Json.tree(Json.write(Sarif.of(report)), "sarif");
        assertThat(sarif.path("$schema").asText()).isEqualTo("https://json.schemastore.org/sarif-2.1.0.json");
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.path("runs")).hasSize(1);
        JsonNode run = sarif.path("runs").get(0);
        JsonNode rules = run.path("tool").path("driver").path("rules");
        assertThat(run.path("tool").path("driver").path("name").asText()).isEqualTo("gantry-lint");
        assertThat(rules).hasSize(Rules.ALL.size());
        assertThat(rules.get(0).path("id").asText()).isEqualTo("GL001");
        assertThat(rules.get(0).path("shortDescription").path("text").asText()).isNotBlank();
        assertThat(rules.get(0).path("help").path("text").asText()).isNotBlank();
        assertThat(rules.get(2).path("properties").path("hadolint").asText()).isEqualTo("DL3009");

        JsonNode results = run.path("results");
        assertThat(results).hasSize(report.findings().size()).isNotEmpty();
        for (JsonNode result : results) {
            String id = result.path("ruleId").asText();
            assertThat(rules.get(result.path("ruleIndex").asInt()).path("id").asText()).isEqualTo(id);
            assertThat(result.path("level").asText()).isIn("error", "warning", "note");
            assertThat(result.path("message").path("text").asText()).contains("Fix: ");
            JsonNode location = result.path("locations").get(0).path("physicalLocation");
            assertThat(location.path("artifactLocation").path("uri").asText()).isEqualTo("build/my%20Dockerfile");
            assertThat(location.path("region").path("startLine").asInt()).isPositive();
        }
        JsonNode cd = results.findParents("ruleId").stream().filter(r -> r.path("ruleId").asText().equals("GL014")).findFirst().orElseThrow();
        assertThat(cd.path("locations").get(0).path("physicalLocation").path("region").path("startLine").asInt()).isEqualTo(2);
        assertThat(cd.path("level").asText()).isEqualTo("warning");
    }
}
