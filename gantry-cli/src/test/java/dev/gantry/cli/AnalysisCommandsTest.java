package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.oci.Json;
import dev.gantry.testing.AnalysisFixtures;
import dev.gantry.testing.DockerRegistry;
import dev.gantry.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** tree, blame, efficiency and diff as a user runs them, on umoci-made images (see {@link AnalysisFixtures}). */
class AnalysisCommandsTest {
    @TempDir
    static Path work;
    static String image;
    static Path layout;

    @BeforeAll
    static void images() {
        layout = AnalysisFixtures.wastefulLayout(work);
        image = "oci:" + layout + ":" + Fixtures.TAG;
    }

    private static JsonNode json(int expectedExit, String... args) throws Exception {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as("exit of %s: %s", List.of(args), run.stderr()).isEqualTo(expectedExit);
        return Json.mapper().readTree(run.stdout());
    }

    private static List<String> texts(JsonNode array, String format) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            String line = format;
            for (var it = n.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                line = line.replace("{" + f + "}", n.get(f).asText());
            }
            out.add(line);
        }
        return out;
    }

    @Test
    void treeListsTheMergedFilesystemWithTheLayerThatWroteEachPath() throws Exception {
        List<String> rows = texts(json(0, "tree", image, "--json"), "{path} {kind} {size} {layer}");
        assertThat(rows).contains("etc/hello.txt file 6 0", "etc/new.txt file 4 1", "opq/new file 1 2",
                "opt/big.bin file " + AnalysisFixtures.BIG_SECOND + " 1", "opt dir " + AnalysisFixtures.BIG_SECOND + " 0");
        assertThat(rows).noneMatch(r -> r.startsWith("etc/secret.env") || r.startsWith("data/d") || r.startsWith("opq/old1"));
        CliRun text = CliRun.of("tree", image);
        assertThat(text.stdout()).contains("MODE", "LAYER", "etc/hello.txt").doesNotContain("secret");
    }

    @Test
    void treeShowsOneLayersChangesAndTheTreeAsItStoodAfterALayer() throws Exception {
        assertThat(texts(json(0, "tree", image, "--layer", "1", "--changes", "--json"), "{change} {path}"))
                .contains("DELETED etc/secret.env", "MODIFIED opt/big.bin", "ADDED etc/new.txt", "DELETED data/d",
                        "DELETED_WITH_PARENT data/d/x");
        assertThat(texts(json(0, "tree", image, "--layer", "-1", "--changes", "--json"), "{change} {path}"))
                .contains("MADE_OPAQUE opq", "HIDDEN_BY_OPAQUE opq/old1", "ADDED opq/new");
        assertThat(texts(json(0, "tree", image, "--layer", "0", "--json"), "{path}")).contains("etc/secret.env", "data/d/x");
        assertThat(CliRun.of("tree", image, "--layer", "7").exitCode()).isEqualTo(2);
    }

    @Test
    void blameShowsTheLayerThatAddedADeletedSecretAndTheOneThatDeletedItWithTheirSteps() throws Exception {
        JsonNode blame = json(0, "blame", image, "/etc/secret.env", "--json");
        assertThat(blame.get("visible").asBoolean()).isFalse();
        assertThat(texts(blame.get("steps"), "{layer} {change} {createdBy} {size}")).containsExactly(
                "0 ADDED step one " + AnalysisFixtures.SECRET.length(), "1 DELETED step two " + AnalysisFixtures.SECRET.length());
        assertThat(blame.at("/steps/0/digest").asText()).isEqualTo(Fixtures.sha256(AnalysisFixtures.SECRET));
        CliRun text = CliRun.of("blame", image, "etc/secret.env");
        assertThat(text.stdout()).contains("step one", "step two", "still stored in layer(s) [0]");
        CliRun missing = CliRun.of("blame", image, "/no/such/file");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("no layer", "/no/such/file");
    }

    @Test
    void efficiencyReportsDivesFiguresAndFailsCiNamingEachBrokenRule() throws Exception {
        JsonNode e = json(0, "efficiency", image, "--json");
        long wasted = AnalysisFixtures.BIG_FIRST + AnalysisFixtures.BIG_SECOND + AnalysisFixtures.SECRET.length();
        assertThat(e.get("wastedBytes").asLong()).isEqualTo(wasted);
        assertThat(e.at("/inefficiencies/0/path").asText()).isEqualTo("opt/big.bin");
        assertThat(e.get("rules")).isEmpty();
        CliRun ci = CliRun.of("efficiency", image, "--ci", "--highest-wasted-bytes", "20MB");
        assertThat(ci.exitCode()).isEqualTo(1);
        assertThat(ci.stdout()).contains("FAIL: rules.lowestEfficiency", "PASS: rules.highestWastedBytes",
                "FAIL: rules.highestUserWastedPercent");
        assertThat(CliRun.of("efficiency", image, "--ci", "--lowest-efficiency", "0.1",
                "--highest-user-wasted-percent", "10").exitCode()).isZero();
    }

    @Test
    void efficiencyIsTheSameFromADockerArchiveAndFromARegistry() throws Exception {
        long wasted = json(0, "efficiency", image, "--json").get("wastedBytes").asLong();
        Path archive = Fixtures.dockerArchive(work, layout);
        assertThat(json(0, "efficiency", "docker-archive:" + archive, "--json").get("wastedBytes").asLong()).isEqualTo(wasted);
        try (DockerRegistry registry = DockerRegistry.start(work.resolve("registry"))) {
            String remote = registry.host() + "/analysis/wasteful:v1";
            registry.skopeo(work, "copy", "--dest-tls-verify=false", image, "docker://" + remote);
            assertThat(json(0, "efficiency", "--insecure", remote, "--json").get("wastedBytes").asLong()).isEqualTo(wasted);
            JsonNode blame = json(0, "blame", "--insecure", "docker://" + remote, "etc/secret.env", "--json");
            assertThat(blame.get("steps")).hasSize(2);
        }
    }

    @Test
    void diffShowsConfigAndFileDifferencesAndExitsOneWhenTheImagesDiffer() throws Exception {
        Path next = AnalysisFixtures.nextVersion(work.resolve("diff"), layout);
        JsonNode diff = json(1, "diff", image, "oci:" + next + ":" + Fixtures.TAG, "--json");
        assertThat(texts(diff.get("config"), "{field}={after}")).contains("user=1000", "env.FOO=bar", "cmd=[/bin/tool]");
        assertThat(texts(diff.get("files"), "{type} {path} {sizeDelta}"))
                .contains("CHANGED etc/hello.txt 6", "REMOVED etc/new.txt -4", "ADDED bin/tool 10");
        assertThat(diff.get("sharedLayers")).hasSize(3);
        CliRun text = CliRun.of("diff", image, "oci:" + next + ":" + Fixtures.TAG);
        assertThat(text.stdout()).contains("~ /etc/hello.txt  +6 B  content", "- /etc/new.txt  -4 B", "+ /bin/tool",
                "config user: (unset) -> 1000", "3 layer(s) shared by digest");
        assertThat(CliRun.of("diff", image, image).exitCode()).isZero();
    }
}
