package dev.gantry.vulns.scan;

import dev.gantry.testing.RpmImages;
import dev.gantry.testing.Rpms;
import dev.gantry.testing.UmociImage;
import dev.gantry.vulns.db.AdvisoryDb;
import dev.gantry.vulns.db.AdvisoryImportTest;
import dev.gantry.vulns.db.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An image whose rpm database rpm wrote (gantry-rpmdb reads it, on this module's test class path) against OSV
 * advisories in Rocky Linux's shape; which findings to expect is decided by rpm's own version comparison.
 */
class RpmVulnScanTest {
    @TempDir
    Path dir;

    /** One affected-range advisory entry of the fixtures: the package it names and the fix. */
    record Entry(String id, String pkg, String fixed) {
    }

    /** The fixtures' entries in the image's ecosystem ("Rocky Linux:9"); ALSA-2099:0006 and RLSA-2099:0007 are not. */
    static final List<Entry> ROCKY_9 = List.of(
            new Entry("RLSA-2099:0001", "gantry-ssl", "1:3.0.7-28.el9"),
            new Entry("RLSA-2099:0001", "gantry-ssl-libs", "1:3.0.7-28.el9"),
            new Entry("RLSA-2099:0002", "gantry-ssl-libs", "1:3.0.7-29.el9_4"),
            new Entry("RLSA-2099:0003", "gantry-ssl", "3.0.7-99.el9"),
            new Entry("RLSA-2099:0004", "gantry-new", "0.5-1.el9"),
            new Entry("RLSA-2099:0005", "gantry-new", "0.5-1.el9.1"));

    private AdvisoryDb db() throws IOException {
        Path db = dir.resolve("advisories.gvdb");
        AdvisoryImportTest.importAll(db, AdvisoryImportTest.fixture("osv-rpm"));
        return AdvisoryDb.open(db);
    }

    @Test
    void matchesRpmPackagesInRpmOrderWithEpochs() throws IOException {
        UmociImage image = RpmImages.rocky(dir);
        // the final image's packages, as rpm lists them: NAME EVR
        List<String> installed = Rpms.query(RpmImages.finalRoot(dir), "%{NAME} %{EVR}");
        assertThat(installed).containsExactly("gantry-new 0.5-1.el9", "gantry-ssl 1:3.0.7-28.el9",
                "gantry-ssl-libs 1:3.0.7-28.el9");
        // gantry-ssl-libs is built from gantry-ssl: an advisory naming the source (RLSA-2099:0003) is looked up too
        List<String> expected = new ArrayList<>();
        for (String line : installed) {
            String name = line.split(" ")[0];
            String evr = line.split(" ")[1];
            for (Entry e : ROCKY_9) {
                boolean names = e.pkg().equals(name) || (name.equals("gantry-ssl-libs") && e.pkg().equals("gantry-ssl"));
                if (names && Rpms.vercmp(evr, e.fixed()) < 0 && !expected.contains(name + " " + e.id())) {
                    expected.add(name + " " + e.id());
                }
            }
        }
        // the epoch decides RLSA-2099:0003 (0:3.0.7-99 is older than 1:3.0.7-28) and the release's ".1" RLSA-2099:0005
        assertThat(expected).containsExactlyInAnyOrder("gantry-ssl-libs RLSA-2099:0002", "gantry-new RLSA-2099:0005");

        try (AdvisoryDb db = db()) {
            VulnReport report = RpmVulnScanTest.scan(image, db, false);
            assertThat(report.ecosystems()).containsExactly("Rocky Linux:9", "Rocky Linux");
            assertThat(report.packages()).isEqualTo(3);
            assertThat(report.unread()).isEmpty();
            assertThat(report.findings()).extracting(f -> f.pkg() + " " + f.id()).containsExactlyInAnyOrderElementsOf(expected);
            Finding libs = report.findings().stream().filter(f -> f.id().equals("RLSA-2099:0002")).findFirst().orElseThrow();
            assertThat(libs.installed()).isEqualTo("1:3.0.7-28.el9");
            assertThat(libs.matched()).isEqualTo("1:3.0.7-28.el9");
            assertThat(libs.fixed()).isEqualTo("1:3.0.7-29.el9_4");
            assertThat(libs.sourcePkg()).isEqualTo("gantry-ssl");
            assertThat(libs.layer()).isEqualTo(1);
            assertThat(libs.database()).isEqualTo("var/lib/rpm/rpmdb.sqlite");
            assertThat(libs.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(libs.ecosystem()).isEqualTo("Rocky Linux:9");
        }
    }

    /** Layer 0's gantry-ssl 27 is still in that layer's bytes: --layers shows RLSA-2099:0001 there, fixed by layer 1. */
    @Test
    void layersShowsTheRpmVersionsTheUpgradeReplaced() throws IOException {
        UmociImage image = RpmImages.rocky(dir);
        assertThat(Rpms.vercmp("1:3.0.7-27.el9", "1:3.0.7-28.el9")).isNegative();
        try (AdvisoryDb db = db()) {
            VulnReport report = RpmVulnScanTest.scan(image, db, true);
            assertThat(report.findings()).filteredOn(f -> !f.inFinalImage())
                    .extracting(f -> f.pkg() + " " + f.installed() + " " + f.id() + " layer " + f.layer() + " replaced by "
                            + f.replacedLayer() + " " + f.replacedBy())
                    .containsExactlyInAnyOrder(
                            "gantry-ssl 1:3.0.7-27.el9 RLSA-2099:0001 layer 0 replaced by 1 1:3.0.7-28.el9",
                            "gantry-ssl-libs 1:3.0.7-27.el9 RLSA-2099:0001 layer 0 replaced by 1 1:3.0.7-28.el9",
                            "gantry-ssl-libs 1:3.0.7-27.el9 RLSA-2099:0002 layer 0 replaced by 1 1:3.0.7-28.el9");
        }
    }

    static VulnReport scan(UmociImage image, AdvisoryDb db, boolean layers) throws IOException {
        return VulnScannerTest.scan(image, db, layers);
    }
}
