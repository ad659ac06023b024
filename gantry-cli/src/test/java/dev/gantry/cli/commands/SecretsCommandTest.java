package dev.gantry.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.cli.Main;
import dev.gantry.oci.Json;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import dev.gantry.testing.UmociImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `gantry secrets` as CI runs it: exit codes, --json, --allow and --fail-on. */
class SecretsCommandTest {
    @TempDir
    Path work;

    record Run(int code, String out) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new SecretsCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        return new Run(cli.execute(args), out.toString());
    }

    /** Layer 0 writes a key made by ssh-keygen and a .npmrc token; layer 1 deletes the key. */
    private String leakyImage() {
        PeerTools.assumeInstalled("umoci", "ssh-keygen");
        return UmociImage.create(work.resolve("img"))
                .layer(root -> {
                    Files.createDirectories(root.resolve("root"));
                    PeerTools.run(root, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "root/id_ed25519");
                    Files.writeString(root.resolve("root/.npmrc"), "//registry.npmjs.org/:_authToken=npm_"
                            + "Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7j\n");
                })
                .layer(root -> Files.delete(root.resolve("root/id_ed25519")))
                .ref();
    }

    @Test
    void exitsOneListingHiddenAndVisibleFindingsWithoutTheSecrets() {
        Run run = run(leakyImage());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains("critical", "hidden by 1", "root/id_ed25519:1", "private-key", "visible", "root/.npmrc:1")
                .doesNotContain("Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7j");
    }

    @Test
    void jsonNamesLayerStatusAndFingerprint() throws Exception {
        Run run = run(leakyImage(), "--json");
        assertThat(run.code()).isEqualTo(1);
        JsonNode result = Json.mapper().readTree(run.out());
        assertThat(result.get("failed").asBoolean()).isTrue();
        JsonNode key = null;
        for (JsonNode f : result.at("/report/findings")) {
            if (f.get("rule").asText().equals("private-key")) {
                key = f;
            }
        }
        assertThat(key).isNotNull();
        assertThat(key.get("status").asText()).isEqualTo("HIDDEN");
        assertThat(key.get("layer").asInt()).isZero();
        assertThat(key.get("hiddenBy").asInt()).isEqualTo(1);
        assertThat(key.get("layerDigest").asText()).startsWith("sha256:");
        assertThat(key.get("fingerprint").asText()).matches("[0-9a-f]{16}");
    }

    @Test
    void findsTheSameInADockerArchiveSkopeoWrote() throws Exception {
        String oci = leakyImage();
        Path layout = Path.of(oci.substring("oci:".length(), oci.lastIndexOf(':')));
        Path archive = Fixtures.dockerArchive(work, layout);
        JsonNode fromOci = Json.mapper().readTree(run(oci, "--json").out()).at("/report/findings");
        Run run = run("docker-archive:" + archive, "--json");
        assertThat(run.code()).isEqualTo(1);
        JsonNode fromArchive = Json.mapper().readTree(run.out()).at("/report/findings");
        assertThat(fromArchive).hasSize(fromOci.size());
        for (int i = 0; i < fromOci.size(); i++) {
            for (String field : new String[] {"rule", "path", "status", "fingerprint", "layer"}) {
                assertThat(fromArchive.get(i).get(field)).isEqualTo(fromOci.get(i).get(field));
            }
        }
    }

    @Test
    void passesWhenFindingsAreBelowFailOnOrAllowed() throws Exception {
        String image = leakyImage();
        // npm tokens are "high", keys "critical": only the key fails at critical
        assertThat(run(image, "--fail-on", "critical").code()).isEqualTo(1);
        Path allow = work.resolve("allow");
        Files.writeString(allow, "rule:private-key\npath:root/.npmrc\n");
        Run allowed = run(image, "--allow", allow.toString());
        assertThat(allowed.code()).isZero();
        assertThat(allowed.out()).contains("0 finding(s)", "2 allowed");
    }

    @Test
    void exitsZeroOnACleanImageAndTwoOnABadAllowFileOrSeverity() throws Exception {
        String clean = "oci:" + Fixtures.umociLayout(work) + ":" + Fixtures.TAG;
        assertThat(run(clean).code()).isZero();
        Path allow = work.resolve("bad-allow");
        Files.writeString(allow, "private-key\n");
        // through Main, as users run it: its error reporter makes bad input exit 2
        assertThat(Main.run("secrets", clean, "--allow", allow.toString())).isEqualTo(Main.EXIT_ERROR);
        assertThat(Main.run("secrets", clean, "--fail-on", "severe")).isEqualTo(Main.EXIT_ERROR);
        assertThat(Main.run("secrets", clean, "--max-file-bytes", "0")).isEqualTo(Main.EXIT_ERROR);
    }
}
