package dev.gantry.analysis.packages;

import dev.gantry.testing.GoProgram;
import dev.gantry.testing.JavaArchives;
import dev.gantry.testing.UmociImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LanguagePackagesTest {
    @TempDir
    Path dir;

    static List<String> language(PackageReport report) {
        return report.packages().stream().filter(InstalledPackage::language)
                .map(p -> p.type() + " " + p.name() + " " + p.version() + " " + p.database() + " " + p.layer() + "/"
                        + p.changedLayer())
                .toList();
    }

    private static void write(Path root, String path, String text) throws IOException {
        Path f = root.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    /**
     * Layer 0: a plain jar, a Spring Boot-style jar with a stored nested jar and a war with a deflated one, a
     * shaded jar (two pom.properties), a jar with only a manifest, Python metadata (dist-info and both egg-info
     * forms), a node_modules tree (scoped, nested, a non-root package.json, a package without version).
     * Layer 1: deletes the plain jar and one Python package, upgrades an npm package and replaces the war.
     */
    @Test
    void findsJavaPythonAndNodePackagesWithTheirLayersAndSupersededVersions() throws IOException {
        JavaArchives jars = new JavaArchives(dir.resolve("jars"));
        Path plain = jars.archive().pom("org.example", "plain", "1.2.3").create("plain.jar");
        Path inner = jars.archive().pom("org.nested", "inner", "2.0.0").create("inner-2.0.0.jar");
        Path boot = jars.archive().pom("org.example", "app", "0.9").nested("BOOT-INF/lib/inner-2.0.0.jar", inner)
                .stored().create("app.jar");
        Path war = jars.archive().nested("WEB-INF/lib/inner-2.0.0.jar", inner)
                .manifest("Implementation-Title: site\nImplementation-Version: 5\nImplementation-Vendor-Id: org.web\n")
                .create("site.war");
        Path war2 = jars.archive().pom("org.web", "site", "6").create("site.war");
        Path shaded = jars.archive().pom("org.example", "shaded", "3.0").pom("com.google.guava", "guava", "31.1-jre")
                .create("shaded.jar");
        Path bundle = jars.archive().manifest("Bundle-SymbolicName: org.osgi.thing;singleton:=true\nBundle-Version: 4.5.6\n")
                .create("thing.jar");
        Path driver = jars.archive().manifest("Implementation-Title: Some JDBC Driver\nImplementation-Version: 1.4\n"
                + "Implementation-Vendor-Id: org.drv\nBundle-SymbolicName: org.drv.jdbc\nBundle-Version: 1.4\n").create("driver-1.4.jar");
        UmociImage image = UmociImage.create(dir.resolve("img"))
                .layer(root -> {
                    Files.createDirectories(root.resolve("opt/lib"));
                    Files.copy(plain, root.resolve("opt/lib/plain.jar"));
                    Files.copy(boot, root.resolve("opt/app.jar"));
                    Files.copy(war, root.resolve("opt/site.war"));
                    Files.copy(shaded, root.resolve("opt/lib/shaded.jar"));
                    Files.copy(bundle, root.resolve("opt/lib/thing.jar"));
                    Files.copy(driver, root.resolve("opt/lib/driver-1.4.jar"));
                    String site = "usr/lib/python3/dist-packages/";
                    write(root, site + "Foo_Bar.Baz-1.0.dist-info/METADATA",
                            "Metadata-Version: 2.1\nName: Foo_Bar.Baz\nVersion: 1.0\nSummary: x\n\nName: not-this\n");
                    write(root, site + "requests-2.25.1.egg-info/PKG-INFO", "Metadata-Version: 1.1\nName: requests\nVersion: 2.25.1\n");
                    write(root, site + "six-1.16.0.egg-info", "Metadata-Version: 1.0\nName: six\nVersion: 1.16.0\n");
                    write(root, "app/package.json", "{\"name\": \"my-app\", \"private\": true}");
                    write(root, "app/node_modules/left-pad/package.json", "{\"version\": \"1.1.0\", \"name\": \"left-pad\"}");
                    write(root, "app/node_modules/left-pad/lib/package.json", "{\"name\": \"x\", \"version\": \"9\"}");
                    write(root, "app/node_modules/@babel/core/package.json",
                            "{\"name\": \"@babel/core\", \"dependencies\": {\"a\": \"1\"}, \"version\": \"7.0.0\"}");
                    write(root, "app/node_modules/@babel/core/node_modules/semver/package.json",
                            "{\"name\": \"semver\", \"version\": \"5.7.1\"}");
                    write(root, "app/node_modules/noversion/package.json", "{\"name\": \"noversion\"}");
                })
                .layer(root -> {
                    Files.delete(root.resolve("opt/lib/plain.jar"));
                    Files.delete(root.resolve("usr/lib/python3/dist-packages/six-1.16.0.egg-info"));
                    write(root, "app/node_modules/left-pad/package.json", "{\"name\": \"left-pad\", \"version\": \"1.3.0\"}");
                    Files.delete(root.resolve("opt/site.war"));
                    Files.copy(war2, root.resolve("opt/site.war"));
                });
        PackageReport report = PackageScannerTest.scan(image);
        assertThat(language(report)).containsExactly(
                "maven com.google.guava:guava 31.1-jre opt/lib/shaded.jar 0/0",
                "maven org.drv:driver 1.4 opt/lib/driver-1.4.jar 0/0",
                "maven org.example:app 0.9 opt/app.jar 0/0",
                "maven org.example:shaded 3.0 opt/lib/shaded.jar 0/0",
                "maven org.nested:inner 2.0.0 opt/app.jar!/BOOT-INF/lib/inner-2.0.0.jar 0/0",
                "maven org.osgi.thing 4.5.6 opt/lib/thing.jar 0/0",
                "maven org.web:site 6 opt/site.war 0/1",
                "npm @babel/core 7.0.0 app/node_modules/@babel/core/package.json 0/0",
                "npm left-pad 1.3.0 app/node_modules/left-pad/package.json 0/1",
                "npm semver 5.7.1 app/node_modules/@babel/core/node_modules/semver/package.json 0/0",
                "pypi foo-bar-baz 1.0 usr/lib/python3/dist-packages/Foo_Bar.Baz-1.0.dist-info/METADATA 0/0",
                "pypi requests 2.25.1 usr/lib/python3/dist-packages/requests-2.25.1.egg-info/PKG-INFO 0/0");
        assertThat(report.superseded()).extracting(s -> s.pkg().name() + " " + s.pkg().version() + " -> "
                        + s.replacement() + " in " + s.replacedLayer() + " at " + s.pkg().database())
                .containsExactlyInAnyOrder(
                        "org.example:plain 1.2.3 -> null in 1 at opt/lib/plain.jar",
                        "six 1.16.0 -> null in 1 at usr/lib/python3/dist-packages/six-1.16.0.egg-info",
                        "left-pad 1.1.0 -> 1.3.0 in 1 at app/node_modules/left-pad/package.json",
                        "org.web:site 5 -> 6 in 1 at opt/site.war",
                        "org.nested:inner 2.0.0 -> null in 1 at opt/site.war!/WEB-INF/lib/inner-2.0.0.jar");
        assertThat(report.notes()).isEmpty();
        assertThat(report.unread()).isEmpty();
    }

    @Test
    void capsNestingDepthAndKeepsWhatTheOuterArchivesName() throws IOException {
        JavaArchives jars = new JavaArchives(dir.resolve("jars"));
        Path jar = jars.archive().pom("org.deep", "level6", "6").create("l6.jar");
        for (int level = 5; level >= 0; level--) {
            jar = jars.archive().pom("org.deep", "level" + level, Integer.toString(level))
                    .nested("lib/l" + (level + 1) + ".jar", jar).create("l" + level + ".jar");
        }
        Path top = jar;
        UmociImage image = UmociImage.create(dir.resolve("img")).layer(root -> Files.copy(top, root.resolve("deep.jar")));
        PackageReport report = PackageScannerTest.scan(image);
        assertThat(report.packages()).extracting(InstalledPackage::name)
                .containsExactly("org.deep:level0", "org.deep:level1", "org.deep:level2", "org.deep:level3");
        assertThat(report.unread()).singleElement().satisfies(u -> {
            assertThat(u.path()).isEqualTo("deep.jar");
            assertThat(u.reason()).contains("deep.jar!/lib/l1.jar!/lib/l2.jar!/lib/l3.jar!/lib/l4.jar: nested deeper than 3");
        });
    }

    /** A jar of ~130 KiB holding a jar that is 128 MiB: refused past the budget, the rest of the layer still read. */
    @Test
    void stopsAZipBombAtItsBudgetAndReadsTheRestOfTheLayer() throws IOException {
        Path bomb = dir.resolve("bomb.jar");
        JavaArchives.bomb(bomb, "BOOT-INF/lib/zeros.jar", 128L << 20, "org.bomb");
        assertThat(Files.size(bomb)).isLessThan(1 << 20);
        UmociImage image = UmociImage.create(dir.resolve("img")).layer(root -> {
            Files.copy(bomb, root.resolve("bomb.jar"));
            write(root, "z/node_modules/after/package.json", "{\"name\": \"after\", \"version\": \"1.0.0\"}");
        });
        PackageReport report = PackageScannerTest.scan(image);
        assertThat(report.packages()).extracting(p -> p.name() + " " + p.version())
                .containsExactlyInAnyOrder("org.bomb:outer 1.0", "after 1.0.0");
        assertThat(report.unread()).singleElement().satisfies(u -> {
            assertThat(u.path()).isEqualTo("bomb.jar");
            assertThat(u.reason()).contains("nested archives is larger than");
        });
    }

    /**
     * A stored entry whose size comes only after its data would be buffered whole in memory to find its end: it is
     * refused where it starts, and what came before it is kept.
     */
    @Test
    void refusesStoredEntriesOfUnknownSize() throws IOException {
        Path jar = dir.resolve("dd.jar");
        JavaArchives.storedWithDataDescriptor(jar, 32L << 20, "org.dd");
        UmociImage image = UmociImage.create(dir.resolve("img")).layer(root -> Files.copy(jar, root.resolve("dd.jar")));
        PackageReport report = PackageScannerTest.scan(image);
        assertThat(report.packages()).extracting(InstalledPackage::name).containsExactly("org.dd:dd");
        assertThat(report.unread()).singleElement().satisfies(u -> {
            assertThat(u.path()).isEqualTo("dd.jar");
            assertThat(u.reason()).contains("dd.jar: not a readable zip archive").containsIgnoringCase("data descriptor");
        });
    }

    @Test
    void reportsDamagedFilesAsNotRead() throws IOException {
        UmociImage image = UmociImage.create(dir.resolve("img")).layer(root -> {
            write(root, "broken.jar", "PK\u0003\u0004 this is not a zip");
            write(root, "x/node_modules/bad/package.json", "{\"name\": \"bad\", \"version\": ");
            write(root, "y/Bad-1.dist-info/METADATA", "Summary: nothing else\n");
        });
        PackageReport report = PackageScannerTest.scan(image);
        assertThat(report.packages()).isEmpty();
        assertThat(report.unread()).extracting(UnreadDatabase::path)
                .containsExactlyInAnyOrder("broken.jar", "x/node_modules/bad/package.json", "y/Bad-1.dist-info/METADATA");
    }
}
