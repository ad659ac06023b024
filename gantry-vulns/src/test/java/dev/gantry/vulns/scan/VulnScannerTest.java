package dev.gantry.vulns.scan;

import dev.gantry.analysis.walk.LayerWalker;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.testing.Debs;
import dev.gantry.testing.PeerTools;
import dev.gantry.testing.UmociImage;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.vulns.db.AdvisoryDb;
import dev.gantry.vulns.db.AdvisoryImportTest;
import dev.gantry.vulns.db.Severity;
import dev.gantry.vulns.db.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class VulnScannerTest {
    static final String DEBIAN_OS_RELEASE = """
            PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
            NAME="Debian GNU/Linux"
            VERSION_ID="12"
            VERSION_CODENAME=bookworm
            ID=debian
            """;

    @TempDir
    Path dir;

    /**
     * Layer 0: os-release; dpkg installs gantry-a 1.0-1, gantry-b 2.36-9 (source gantry-glibc 2.36-8, a
     * binNMU-style version split) and gantry-c 0.1. Layer 1: dpkg upgrades gantry-a to 1:1.1-2, installs
     * gantry-d 4.0 (source gantry-dsrc) and purges gantry-c. Every status file is the one dpkg writes.
     */
    public static UmociImage debianImage(Path dir) throws IOException {
        PeerTools.assumeInstalled("umoci", "dpkg", "dpkg-deb");
        Path debs = Files.createDirectories(dir.resolve("debs"));
        Path a1 = Debs.build(debs, "gantry-a", "1.0-1", null);
        Path a2 = Debs.build(debs, "gantry-a", "1:1.1-2", null);
        Path b = Debs.build(debs, "gantry-b", "2.36-9", "gantry-glibc (2.36-8)");
        Path c = Debs.build(debs, "gantry-c", "0.1", null);
        Path d = Debs.build(debs, "gantry-d", "4.0", "gantry-dsrc");
        return UmociImage.create(dir.resolve("img"))
                .layer(root -> {
                    Files.createDirectories(root.resolve("etc"));
                    Files.writeString(root.resolve("etc/os-release"), DEBIAN_OS_RELEASE);
                    Debs.dpkg(root, "-i", a1.toString(), b.toString(), c.toString());
                })
                .layer(root -> {
                    Debs.dpkg(root, "-i", a2.toString(), d.toString());
                    Debs.dpkg(root, "--purge", "gantry-c");
                });
    }

    static VulnReport scan(UmociImage image, AdvisoryDb db, boolean layers) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(image.ref()))) {
            return new VulnScanner(new LayerWalker()).scan((Image) Images.open(source), image.ref(), db, layers);
        }
    }

    private AdvisoryDb debianDb() throws IOException {
        Path db = dir.resolve("advisories.gvdb");
        AdvisoryImportTest.importAll(db, AdvisoryImportTest.fixture("debian-tracker.json"), AdvisoryImportTest.fixture("osv"));
        return AdvisoryDb.open(db);
    }

    private static boolean dpkgLessThan(String a, String b) {
        return PeerTools.runAllowingFailure(null, "dpkg", "--compare-versions", a, "lt", b).ok();
    }

    @Test
    void findsWhatTheSourceVersionSaysWithStatusesAndLayers() throws IOException {
        UmociImage image = debianImage(dir);
        try (AdvisoryDb db = debianDb()) {
            VulnReport report = scan(image, db, false);
            Map<String, Finding> byId = report.findings().stream().collect(Collectors.toMap(Finding::id, f -> f));

            // Resolved tracker entries, expected from dpkg itself: affected when the compared version is below the fix.
            record Resolved(String id, String matched, String fixed) {
            }
            for (Resolved r : List.of(new Resolved("CVE-2099-1001", "1:1.1-2", "1:1.0-3"),
                    new Resolved("CVE-2099-2001", "2.36-8", "2.36-9"),
                    new Resolved("CVE-2099-2002", "2.36-8", "2.36-8"),
                    new Resolved("CVE-2099-2007", "2.36-8", "2.36-8~deb12u1"),
                    new Resolved("CVE-2099-5001", "4.0", "4.0+deb12u1"))) {
                boolean expected = dpkgLessThan(r.matched(), r.fixed());
                assertThat(byId.containsKey(r.id())).as(r.id() + ": dpkg says " + r.matched() + " < " + r.fixed() + " is " + expected)
                        .isEqualTo(expected);
                if (expected) {
                    assertThat(byId.get(r.id()).fixed()).isEqualTo(r.fixed());
                    assertThat(byId.get(r.id()).matched()).isEqualTo(r.matched());
                }
            }
            // the classic miss: the binary's own version (2.36-9) is not below the fix, the source's (2.36-8) is
            assertThat(dpkgLessThan("2.36-9", "2.36-9")).isFalse();
            Finding glibc = byId.get("CVE-2099-2001");
            assertThat(glibc.pkg()).isEqualTo("gantry-b");
            assertThat(glibc.sourcePkg()).isEqualTo("gantry-glibc");
            assertThat(glibc.installed()).isEqualTo("2.36-9");
            assertThat(glibc.severity()).isEqualTo(Severity.HIGH);
            assertThat(glibc.layer()).isZero();
            assertThat(glibc.createdBy()).isNotBlank();
            assertThat(glibc.layerDigest()).startsWith("sha256:");
            assertThat(glibc.database()).isEqualTo("var/lib/dpkg/status");
            assertThat(glibc.status()).isEqualTo(Status.AFFECTED);

            // an advisory naming the binary package never matches
            assertThat(byId).doesNotContainKey("CVE-2099-3001");
            // Debian's triage is shown as such
            assertThat(byId.get("CVE-2099-2003").status()).isEqualTo(Status.UNIMPORTANT);
            assertThat(byId.get("CVE-2099-2004").status()).isEqualTo(Status.NO_DSA);
            assertThat(byId.get("CVE-2099-2004").note()).contains("Minor issue");
            assertThat(byId.get("CVE-2099-2005").status()).isEqualTo(Status.NOT_AFFECTED);
            assertThat(byId.get("CVE-2099-2006").status()).isEqualTo(Status.UNDETERMINED);
            // open: no fix yet, in the layer that installed the current version
            Finding open = byId.get("CVE-2099-1002");
            assertThat(open.fixed()).isNull();
            assertThat(open.layer()).isEqualTo(1);
            // the DSA naming the same CVE is folded into it, with the higher severity of the two
            Finding dsrc = byId.get("CVE-2099-5001");
            assertThat(dsrc.aliases()).containsExactly("DSA-9999-1");
            assertThat(dsrc.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(dsrc.layer()).isEqualTo(1);
            assertThat(byId).doesNotContainKeys("DSA-9999-1", "OSV-2099-7", "CVE-2099-4001", "TEMP-0000000-2B1C3A");
            assertThat(report.findings()).allMatch(Finding::inFinalImage);

            assertThat(report.failing(Severity.HIGH, false)).extracting(Finding::id)
                    .containsExactlyInAnyOrder("CVE-2099-1002", "CVE-2099-2001", "CVE-2099-5001");
            assertThat(report.failing(Severity.UNKNOWN, false)).extracting(Finding::id)
                    .containsExactlyInAnyOrder("CVE-2099-1002", "CVE-2099-2001", "CVE-2099-5001", "CVE-2099-2006");
            assertThat(report.failing(Severity.UNKNOWN, true)).extracting(Finding::id)
                    .contains("CVE-2099-2003", "CVE-2099-2004").doesNotContain("CVE-2099-2005");
            assertThat(report.ecosystems()).containsExactly("Debian:12", "Debian");
            assertThat(report.packages()).isEqualTo(3);
            assertThat(report.unread()).isEmpty();
        }
    }

    @Test
    void layersShowsVersionsLaterLayersReplacedOrRemoved() throws IOException {
        UmociImage image = debianImage(dir);
        try (AdvisoryDb db = debianDb()) {
            VulnReport report = scan(image, db, true);
            List<String> hidden = report.findings().stream().filter(f -> !f.inFinalImage())
                    .map(f -> f.layer() + " " + f.pkg() + " " + f.installed() + " " + f.id() + " -> " + f.replacedLayer()
                            + " " + f.replacedBy())
                    .toList();
            assertThat(hidden).containsExactlyInAnyOrder(
                    "0 gantry-a 1.0-1 CVE-2099-1001 -> 1 1:1.1-2",
                    "0 gantry-a 1.0-1 CVE-2099-1002 -> 1 1:1.1-2",
                    "0 gantry-a 1.0-1 OSV-2099-7 -> 1 1:1.1-2",   // last_affected 1.0-1 includes 1.0-1
                    "0 gantry-c 0.1 CVE-2099-4001 -> 1 null");
            assertThat(dpkgLessThan("1.0-1", "1:1.0-3")).isTrue();
            assertThat(dpkgLessThan("0.1", "0.2")).isTrue();
            // hidden findings never fail the gate: the final image does not run those bytes
            assertThat(report.failing(Severity.UNKNOWN, true)).allMatch(Finding::inFinalImage);
        }
    }

    static String apkEntry(String name, String version, String origin) {
        return "P:" + name + "\nV:" + version + "\nA:x86_64\nS:1000\nI:4096\nT:" + name + "\no:" + origin
                + "\nF:usr/lib\nR:lib" + name + ".so.1\n\n";
    }

    @Test
    void matchesApkPackagesByOriginInTheirBranch() throws IOException {
        PeerTools.assumeInstalled("umoci");
        UmociImage image = UmociImage.create(dir.resolve("img"))
                .layer(root -> {
                    Files.createDirectories(root.resolve("etc"));
                    Files.writeString(root.resolve("etc/os-release"),
                            "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME=\"Alpine Linux v3.19\"\n");
                    Files.createDirectories(root.resolve("lib/apk/db"));
                    Files.writeString(root.resolve("lib/apk/db/installed"), apkEntry("musl", "1.2.4_git20230717-r4", "musl")
                            + apkEntry("libcrypto3", "3.1.4-r2", "openssl") + apkEntry("curl", "8.4.0-r0", "curl"));
                });
        Path dbFile = dir.resolve("advisories.gvdb");
        AdvisoryImportTest.importAll(dbFile, AdvisoryImportTest.fixture("alpine-v3.19-main.json"));
        try (AdvisoryDb db = AdvisoryDb.open(dbFile)) {
            VulnReport report = scan(image, db, false);
            assertThat(report.findings().stream().map(f -> f.pkg() + " " + f.id() + " " + f.status() + " " + f.fixed()))
                    .containsExactlyInAnyOrder(
                            "curl CVE-2023-46218 affected 8.5.0-r0",
                            "curl CVE-2023-46219 affected 8.5.0-r0",
                            "libcrypto3 CVE-2023-5678 affected 3.1.4-r3",
                            "libcrypto3 CVE-2099-6002 affected 3.1.5-r0",
                            "libcrypto3 CVE-2022-3358 not-affected null");
            assertThat(report.findings()).filteredOn(f -> f.id().equals("CVE-2099-6002")).singleElement()
                    .satisfies(f -> assertThat(f.aliases()).containsExactly("GHSA-aaaa-bbbb-cccc"));
            assertThat(report.ecosystems()).containsExactly("Alpine:v3.19", "Alpine");
            assertThat(report.findings()).allMatch(f -> f.database().equals("lib/apk/db/installed"));
        }
    }

    @Test
    void aDatabaseThatDoesNotParseIsNotReadRatherThanEmpty() throws IOException {
        PeerTools.assumeInstalled("umoci");
        UmociImage image = UmociImage.create(dir.resolve("img"))
                .layer(root -> {
                    Files.createDirectories(root.resolve("etc"));
                    Files.writeString(root.resolve("etc/os-release"), DEBIAN_OS_RELEASE);
                    Files.createDirectories(root.resolve("var/lib/dpkg"));
                    Files.writeString(root.resolve("var/lib/dpkg/status"), "Package: x\nthis is not deb822\n");
                    Files.createDirectories(root.resolve("var/lib/rpm"));
                    Files.write(root.resolve("var/lib/rpm/rpmdb.sqlite"), "SQLite format 3\0".getBytes());
                });
        try (AdvisoryDb db = debianDb()) {
            VulnReport report = scan(image, db, false);
            assertThat(report.findings()).isEmpty();
            assertThat(report.unread()).extracting(u -> u.path())
                    .containsExactlyInAnyOrder("var/lib/dpkg/status", "var/lib/rpm/rpmdb.sqlite");
        }
    }
}
