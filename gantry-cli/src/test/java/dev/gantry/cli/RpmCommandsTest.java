package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.oci.Json;
import dev.gantry.testing.PeerTools;
import dev.gantry.testing.RpmImages;
import dev.gantry.testing.UmociImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** `gantry packages` and `gantry vulns` on an image whose rpm database rpm wrote, read by gantry-rpmdb. */
class RpmCommandsTest {
    private static final String RLSA = """
            {"schema_version": "1.6.0", "id": "RLSA-2099:0002", "modified": "2099-01-20T12:00:00Z",
             "related": ["CVE-2099-9002"], "summary": "Moderate: gantry-ssl security update",
             "affected": [{"package": {"ecosystem": "Rocky Linux:9", "name": "gantry-ssl-libs"},
                           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1:3.0.7-29.el9_4"}]}]}],
             "database_specific": {"severity": "Moderate"}}
            """;

    @TempDir
    Path dir;

    @Test
    void packagesListsRpmsWithTheirLayersAndSourcesInEveryFormat() throws IOException {
        String ref = RpmImages.rocky(dir).ref();

        CliRun table = CliRun.of("packages", ref);
        assertThat(table.exitCode()).as(table.stderr()).isZero();
        assertThat(table.stdout().lines().filter(l -> l.startsWith("gantry-ssl-libs")).findFirst().orElseThrow())
                .contains("1:3.0.7-28.el9", "x86_64", "rpm", "gantry-ssl", "0 ", "1 ");
        assertThat(table.stdout()).contains("3 package(s) on Rocky Linux 9.3 (Blue Onyx)").doesNotContain("gantry-tool");
        assertThat(table.stderr()).isEmpty();

        JsonNode json = Json.mapper().readTree(CliRun.of("packages", ref, "--json").stdout());
        JsonNode libs = json.path("packages").get(2);
        assertThat(libs.path("name").asText()).isEqualTo("gantry-ssl-libs");
        assertThat(libs.path("source").asText()).isEqualTo("gantry-ssl");
        assertThat(libs.path("database").asText()).isEqualTo("var/lib/rpm/rpmdb.sqlite");
        assertThat(json.path("unread")).isEmpty();

        JsonNode bom = Json.mapper().readTree(CliRun.of("packages", ref, "--format", "cyclonedx").stdout());
        List<String> purls = new ArrayList<>();
        bom.path("components").forEach(c -> purls.add(c.path("purl").asText()));
        assertThat(purls).contains("pkg:rpm/rocky/gantry-ssl-libs@3.0.7-28.el9?arch=x86_64&distro=rocky-9.3&epoch=1&upstream=gantry-ssl");
    }

    @Test
    void vulnsMatchesRpmsAgainstRockyAdvisories() throws IOException {
        String ref = RpmImages.rocky(dir).ref();
        Path advisory = Files.writeString(dir.resolve("RLSA-2099-0002.json"), RLSA);
        String db = dir.resolve("db").toString();
        CliRun imported = CliRun.of("vulns", "db", "import", "--db", db, advisory.toString());
        assertThat(imported.exitCode()).as(imported.stderr()).isZero();

        CliRun scan = CliRun.of("vulns", ref, "--db", db);
        assertThat(scan.exitCode()).as(scan.stderr()).isZero();
        assertThat(scan.stdout()).contains("3 package(s) matched in Rocky Linux:9, Rocky Linux", "RLSA-2099:0002",
                "gantry-ssl-libs (gantry-ssl)", "1:3.0.7-28.el9", "1:3.0.7-29.el9_4", "packages from var/lib/rpm/rpmdb.sqlite");
        assertThat(CliRun.of("vulns", ref, "--db", db, "--fail-on", "medium").exitCode()).isEqualTo(1);
    }

    /** sqlite-jdbc loads only for a scan that meets an rpm database: not for `packages` on an image without one. */
    @Test
    void onlyAScanOfAnRpmDatabaseLoadsSqlite() throws Exception {
        PeerTools.assumeInstalled("umoci");
        String plain = UmociImage.create(dir.resolve("plain"))
                .layer(root -> Files.writeString(root.resolve("hello.txt"), "no packages here\n")).ref();
        assertThat(sqliteClassesLoadedBy("packages", plain)).isEmpty();
        assertThat(sqliteClassesLoadedBy("packages", RpmImages.rocky(dir.resolve("rocky")).ref()))
                .contains("dev.gantry.rpmdb.SqliteRpmDatabase", "org.sqlite.JDBC");
    }

    private List<String> sqliteClassesLoadedBy(String... args) throws Exception {
        Path log = Files.createTempFile(dir, "class-load", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();
        return Files.readAllLines(log).stream().filter(l -> l.contains(" org.sqlite.") || l.contains(" dev.gantry.rpmdb."))
                .map(l -> l.replaceAll(".* ((org\\.sqlite|dev\\.gantry\\.rpmdb)\\.[A-Za-z0-9_.$]+).*", "$1")).toList();
    }
}
