package dev.gantry.vulns.scan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.testing.GoProgram;
import dev.gantry.testing.JavaArchives;
import dev.gantry.testing.UmociImage;
import dev.gantry.vulns.db.AdvisoryDb;
import dev.gantry.vulns.db.AdvisoryImportTest;
import dev.gantry.vulns.report.VulnCycloneDx;
import dev.gantry.vulns.triage.Triager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LanguageScanTest {
    @TempDir
    Path dir;

    private AdvisoryDb db() throws IOException {
        Path db = dir.resolve("advisories.gvdb");
        AdvisoryImportTest.importAll(db, AdvisoryImportTest.fixture("osv-lang"));
        return AdvisoryDb.open(db);
    }

    private static void write(Path root, String path, String text) throws IOException {
        Path f = root.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    private static String describe(Finding f) {
        return f.id() + " " + f.type() + " " + f.pkg() + " " + f.installed() + " fixed " + f.fixed() + " layer "
                + f.layer() + (f.inFinalImage() ? "" : " hidden, replaced by " + f.replacedBy() + " in " + f.replacedLayer())
                + " at " + f.database();
    }

    /**
     * Layer 0: a Spring Boot-style jar (its own pom and a nested jar), a shaded jar holding guava, Python
     * metadata, node_modules. Layer 1: left-pad upgraded out of its advisory's range. No os-release: language
     * packages are matched without a distribution.
     */
    @Test
    void matchesMavenPypiAndNpmPackagesInTheirEcosystemsOrder() throws IOException {
        JavaArchives jars = new JavaArchives(dir.resolve("jars"));
        Path inner = jars.archive().pom("org.nested", "inner", "2.0.0").create("inner.jar");
        Path app = jars.archive().pom("org.example", "app", "0.9").nested("BOOT-INF/lib/inner.jar", inner).stored()
                .create("app.jar");
        Path shaded = jars.archive().pom("org.example", "shaded", "1").pom("com.google.guava", "guava", "31.1-jre")
                .create("shaded.jar");
        UmociImage image = UmociImage.create(dir.resolve("img"))
                .layer(root -> {
                    Files.createDirectories(root.resolve("srv"));
                    Files.copy(app, root.resolve("srv/app.jar"));
                    Files.copy(shaded, root.resolve("srv/shaded.jar"));
                    write(root, "usr/lib/python3/site-packages/Foo_Bar.Baz-1.0.dist-info/METADATA", "Name: Foo_Bar.Baz\nVersion: 1.0\n");
                    write(root, "usr/lib/python3/site-packages/requests-2.25.1.dist-info/METADATA", "Name: requests\nVersion: 2.25.1\n");
                    write(root, "web/node_modules/left-pad/package.json", "{\"name\": \"left-pad\", \"version\": \"1.1.0\"}");
                    write(root, "web/node_modules/@babel/core/package.json", "{\"name\": \"@babel/core\", \"version\": \"7.0.0\"}");
                })
                .layer(root -> write(root, "web/node_modules/left-pad/package.json", "{\"name\": \"left-pad\", \"version\": \"1.3.0\"}"));
        try (AdvisoryDb db = db()) {
            VulnReport report = VulnScannerTest.scan(image, db, true);
            // guava 31.1-jre is above the fix 31.1 in Maven's order (an unknown qualifier ranks after the release;
            // SemVer would call it a pre-release, below); requests 2.25.1 is the fix itself
            assertThat(report.findings()).extracting(LanguageScanTest::describe).containsExactly(
                    "GHSA-lang-npm1 npm @babel/core 7.0.0 fixed 7.23.2 layer 0 at web/node_modules/@babel/core/package.json",
                    "PYSEC-2099-1 pypi foo-bar-baz 1.0 fixed 1.0.post1 layer 0 at usr/lib/python3/site-packages/Foo_Bar.Baz-1.0.dist-info/METADATA",
                    "GHSA-lang-npm2 npm left-pad 1.1.0 fixed null layer 0 hidden, replaced by 1.3.0 in 1 at web/node_modules/left-pad/package.json",
                    "GHSA-lang-mvn3 maven org.example:app 0.9 fixed 0.9.1-alpha-1 layer 0 at srv/app.jar",
                    "GHSA-lang-mvn1 maven org.nested:inner 2.0.0 fixed 2.0.0.1 layer 0 at srv/app.jar!/BOOT-INF/lib/inner.jar");
            assertThat(report.ecosystems()).containsExactly("Maven", "PyPI", "npm");
            assertThat(report.packages()).as("4 maven, 2 pypi, 2 npm").isEqualTo(8);
            assertThat(report.notes()).isEmpty();
        }
    }

    /**
     * Two copies of one jar are two components, told apart by their location in the bom-ref: each finding's
     * vulnerability must affect its own copy's component, not a bare purl no component carries.
     */
    @Test
    void cycloneDxVulnerabilitiesAffectEachLanguagePackageCopysComponent() throws IOException {
        JavaArchives jars = new JavaArchives(dir.resolve("jars"));
        Path app = jars.archive().pom("org.example", "app", "0.9").create("app.jar");
        UmociImage image = UmociImage.create(dir.resolve("img")).layer(root -> {
            Files.createDirectories(root.resolve("srv/a"));
            Files.createDirectories(root.resolve("srv/b"));
            Files.copy(app, root.resolve("srv/a/app.jar"));
            Files.copy(app, root.resolve("srv/b/app.jar"));
        });
        try (AdvisoryDb db = db()) {
            VulnReport report = VulnScannerTest.scan(image, db, false);
            ObjectNode bom = VulnCycloneDx.bom(new Triager(List.of(), List.of()).apply(report, null, Set.of()), "test", false);
            List<String> components = new ArrayList<>();
            bom.path("components").forEach(c -> components.add(c.path("bom-ref").asText()));
            List<String> affected = new ArrayList<>();
            bom.path("vulnerabilities").forEach(v -> affected.add(v.at("/affects/0/ref").asText()));
            assertThat(affected).containsExactly("pkg:maven/org.example/app@0.9#srv/a/app.jar",
                    "pkg:maven/org.example/app@0.9#srv/b/app.jar");
            assertThat(components).containsAll(affected);
            bom.path("vulnerabilities").forEach(v -> assertThat(v.path("properties").toString())
                    .contains("gantry:package:location").doesNotContain("gantry:package:database"));
        }
    }

    @Test
    void matchesTheGoStandardLibraryAndModulesOfABinary() throws IOException {
        Path binary = GoProgram.build(dir.resolve("go"));
        UmociImage image = UmociImage.create(dir.resolve("img")).layer(root -> {
            Files.createDirectories(root.resolve("app"));
            Files.copy(binary, root.resolve("app/server"));
            Files.setPosixFilePermissions(root.resolve("app/server"), PosixFilePermissions.fromString("rwxr-xr-x"));
        });
        String stdlib = GoProgram.goVersionM(dir.resolve("go"), binary).getFirst().substring("stdlib ".length());
        try (AdvisoryDb db = db()) {
            VulnReport report = VulnScannerTest.scan(image, db, false);
            // the main module, built from a work tree, is "(devel)": no range can place it, so GO-2099-0002 is
            // not reported
            assertThat(report.findings()).extracting(LanguageScanTest::describe).containsExactly(
                    "GO-2099-0001 golang stdlib " + stdlib + " fixed 1.999.0 layer 0 at app/server");
            assertThat(report.ecosystems()).containsExactly("Go");
        }
    }
}
