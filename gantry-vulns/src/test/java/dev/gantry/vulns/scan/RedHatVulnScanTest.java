package dev.gantry.vulns.scan;

import dev.gantry.testing.RpmImages;
import dev.gantry.testing.Rpms;
import dev.gantry.testing.UmociImage;
import dev.gantry.vulns.db.AdvisoryDb;
import dev.gantry.vulns.db.AdvisoryImportTest;
import dev.gantry.vulns.db.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A RHEL-like image whose rpm database rpm wrote, against Red Hat CSAF VEX files. */
class RedHatVulnScanTest {
    @TempDir
    Path dir;

    @Test
    void matchesBinaryAndSourceNamesAgainstRedHatVex() throws IOException {
        UmociImage image = RpmImages.withOsRelease(dir, RpmImages.RHEL_OS_RELEASE);
        Path dbFile = dir.resolve("advisories.gvdb");
        AdvisoryImportTest.importAll(dbFile, AdvisoryImportTest.fixture("csaf-redhat"));
        // rpm's own order decides: 28 is below CVE-2099-9101's fix and equal to CVE-2099-9102's
        assertThat(Rpms.vercmp("1:3.0.7-28.el9", "1:3.0.7-29.el9")).isNegative();
        assertThat(Rpms.vercmp("1:3.0.7-28.el9", "1:3.0.7-28.el9")).isZero();
        try (AdvisoryDb db = AdvisoryDb.open(dbFile)) {
            VulnReport report = VulnScannerTest.scan(image, db, false);
            assertThat(report.ecosystems()).containsExactly("Red Hat:9", "Red Hat");
            Map<String, Finding> found = report.findings().stream()
                    .collect(Collectors.toMap(f -> f.pkg() + " " + f.id(), f -> f));
            assertThat(found).containsOnlyKeys("gantry-ssl CVE-2099-9101", "gantry-ssl-libs CVE-2099-9101",
                    "gantry-new CVE-2099-9101", "gantry-new CVE-2099-9102");
            // one finding for gantry-ssl-libs though the file names it and its source package
            Finding libs = found.get("gantry-ssl-libs CVE-2099-9101");
            assertThat(libs.fixed()).isEqualTo("1:3.0.7-29.el9");
            assertThat(libs.aliases()).containsExactly("RHSA-2099:1234");
            assertThat(libs.layer()).isEqualTo(1);
            Finding wontFix = found.get("gantry-new CVE-2099-9101");
            assertThat(wontFix.fixed()).isNull();
            assertThat(wontFix.note()).isEqualTo("Red Hat: Will not fix");
            assertThat(found.get("gantry-new CVE-2099-9102").status()).isEqualTo(Status.UNDETERMINED);
        }
    }
}
