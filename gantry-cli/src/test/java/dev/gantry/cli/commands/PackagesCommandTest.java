package dev.gantry.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.oci.Json;
import dev.gantry.testing.JavaArchives;
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

/** `gantry packages` on an Alpine-shaped image whose second layer upgrades one package and removes another. */
class PackagesCommandTest {
    @TempDir
    Path work;

    private String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new PackagesCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute(args)).isZero();
        return out.toString();
    }

    private static String apk(String name, String version) {
        return "P:" + name + "\nV:" + version + "\nA:x86_64\no:" + name + "\nF:usr/lib\n\n";
    }

    private String image() {
        PeerTools.assumeInstalled("umoci");
        return UmociImage.create(work)
                .layer(root -> {
                    Files.createDirectories(root.resolve("etc"));
                    Files.writeString(root.resolve("etc/os-release"), "ID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME=\"Alpine Linux v3.19\"\n");
                    Files.createDirectories(root.resolve("lib/apk/db"));
                    Files.writeString(root.resolve("lib/apk/db/installed"), apk("musl", "1.2.4-r2") + apk("zlib", "1.3-r2"));
                })
                .layer(root -> Files.writeString(root.resolve("lib/apk/db/installed"), apk("musl", "1.2.4-r3")))
                .ref();
    }

    @Test
    void tableShowsInstallingAndChangingLayers() {
        String out = run(image());
        assertThat(out).contains("musl", "1.2.4-r3", "x86_64", "apk", "1 package(s) on Alpine Linux v3.19")
                .doesNotContain("zlib");
        assertThat(out.lines().filter(l -> l.startsWith("musl")).findFirst().orElseThrow()).matches(".* 0 [0-9a-f]{12}\\s+1 [0-9a-f]{12}");
    }

    @Test
    void cycloneDxAndJsonFormats() throws Exception {
        String ref = image();
        JsonNode bom = Json.mapper().readTree(run(ref, "--format", "cyclonedx"));
        assertThat(bom.get("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(bom.at("/components/1/purl").asText()).isEqualTo("pkg:apk/alpine/musl@1.2.4-r3?arch=x86_64&distro=alpine-3.19.1");
        JsonNode json = Json.mapper().readTree(run(ref, "--json"));
        assertThat(json.at("/packages/0/name").asText()).isEqualTo("musl");
        assertThat(json.at("/packages/0/changedLayer").asInt()).isEqualTo(1);
    }

    /** A jar built by the JDK's jar tool and a scoped npm package: listed with their paths, purls per type. */
    @Test
    void listsLanguagePackagesWithPathsAndPurls() throws Exception {
        PeerTools.assumeInstalled("umoci");
        Path jar = new JavaArchives(work.resolve("jars")).archive().pom("org.slf4j", "slf4j-api", "2.0.9").create("slf4j.jar");
        String ref = UmociImage.create(work.resolve("img"))
                .layer(root -> {
                    Files.createDirectories(root.resolve("app/lib"));
                    Files.copy(jar, root.resolve("app/lib/slf4j-api.jar"));
                    Files.createDirectories(root.resolve("app/node_modules/@types/node"));
                    Files.writeString(root.resolve("app/node_modules/@types/node/package.json"),
                            "{\"name\": \"@types/node\", \"version\": \"20.1.0\"}");
                })
                .ref();
        String table = run(ref);
        assertThat(table.lines().filter(l -> l.startsWith("org.slf4j:slf4j-api")).findFirst().orElseThrow())
                .contains("2.0.9", "maven", "app/lib/slf4j-api.jar");
        assertThat(table).contains("@types/node", "npm", "app/node_modules/@types/node/package.json", "2 package(s)");
        JsonNode bom = Json.mapper().readTree(run(ref, "--format", "cyclonedx"));
        assertThat(bom.findValuesAsText("purl")).containsExactlyInAnyOrder("pkg:maven/org.slf4j/slf4j-api@2.0.9",
                "pkg:npm/%40types/node@20.1.0");
    }
}
