package dev.gantry.vulns.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Red Hat CSAF VEX files in the shape Red Hat publishes, one per CVE. */
class RedHatCsafImportTest {
    @TempDir
    Path dir;

    private AdvisoryDb imported() throws IOException {
        Path db = dir.resolve("advisories.gvdb");
        DbInfo info = AdvisoryImportTest.importAll(db, AdvisoryImportTest.fixture("csaf-redhat"));
        assertThat(info.sources()).allSatisfy(s -> assertThat(s.format()).isEqualTo("redhat-csaf"));
        return AdvisoryDb.open(db);
    }

    private static Advisory only(List<Advisory> list, String id) {
        assertThat(list).filteredOn(a -> a.id().equals(id)).hasSize(1);
        return list.stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void fixedStatusesBecomeRangesPerReleaseAndPackage() throws IOException {
        try (AdvisoryDb db = imported()) {
            // source and binary packages alike; the main stream's fix (29), not the 9.2 EUS stream's (18)
            Advisory ssl = only(db.lookup("Red Hat:9", "gantry-ssl"), "CVE-2099-9101");
            assertThat(ssl.status()).isEqualTo(Status.AFFECTED);
            assertThat(ssl.ranges()).containsExactly(Range.fixedAt("1:3.0.7-29.el9"));
            assertThat(ssl.aliases()).containsExactly("RHSA-2099:1234");
            assertThat(ssl.severity()).isEqualTo(Severity.HIGH);
            assertThat(ssl.severityText()).isEqualTo("important");
            assertThat(only(db.lookup("Red Hat:9", "gantry-ssl-libs"), "CVE-2099-9101").ranges())
                    .containsExactly(Range.fixedAt("1:3.0.7-29.el9"));
            // a fix naming only the source rpm
            assertThat(only(db.lookup("Red Hat:9", "gantry-ssl"), "CVE-2099-9102").ranges())
                    .containsExactly(Range.fixedAt("1:3.0.7-28.el9"));
            assertThat(db.lookup("Red Hat:9", "gantry-ssl-libs")).extracting(Advisory::id).containsExactly("CVE-2099-9101");
        }
    }

    @Test
    void affectedNotAffectedAndInvestigatingAreKeptAsSuch() throws IOException {
        try (AdvisoryDb db = imported()) {
            Advisory wontFix = only(db.lookup("Red Hat:9", "gantry-new"), "CVE-2099-9101");
            assertThat(wontFix.status()).isEqualTo(Status.AFFECTED);
            assertThat(wontFix.ranges()).containsExactly(Range.fixedAt(null));
            assertThat(wontFix.note()).isEqualTo("Red Hat: Will not fix");
            assertThat(only(db.lookup("Red Hat:9", "gantry-new"), "CVE-2099-9102").status()).isEqualTo(Status.UNDETERMINED);
            assertThat(only(db.lookup("Red Hat:8", "gantry-ssl"), "CVE-2099-9101").status()).isEqualTo(Status.NOT_AFFECTED);
            // the RHEL 8 module build (rpmmod) and the OpenShift product are not RHEL rpms
            assertThat(db.lookup("Red Hat:8", "gantry-ssl")).hasSize(1);
            assertThat(db.lookup("Red Hat:4", "gantry-ssl")).isEmpty();
        }
    }

    @Test
    void aFixedProductWithoutAVersionNamesFileAndCve() throws IOException {
        String bad = Files.readString(AdvisoryImportTest.fixture("csaf-redhat/cve-2099-9102.json"))
                .replace("pkg:rpm/redhat/gantry-ssl@3.0.7-28.el9?arch=src&epoch=1", "pkg:rpm/redhat/gantry-ssl?arch=src");
        Path file = Files.writeString(dir.resolve("cve-bad.json"), bad);
        assertThatThrownBy(() -> AdvisoryImportTest.importAll(dir.resolve("db.gvdb"), file))
                .isInstanceOf(AdvisoryFormatException.class)
                .hasMessageContaining("cve-bad.json").hasMessageContaining("entry CVE-2099-9102")
                .hasMessageContaining("fixed product BaseOS-9.3.0.Z.MAIN:gantry-ssl-1:3.0.7-28.el9.src names no version");
    }

    @Test
    void readsReleasesFromRhelCpesOnly() {
        var json = dev.gantry.oci.Json.mapper();
        assertThat(RedHatCsafImporter.release(json.createObjectNode().set("product_identification_helper",
                json.createObjectNode().put("cpe", "cpe:/a:redhat:rhel_eus:9.2::appstream")))).isEqualTo("Red Hat:9");
        assertThat(RedHatCsafImporter.release(json.createObjectNode().set("product_identification_helper",
                json.createObjectNode().put("cpe", "cpe:/a:redhat:openshift:4.14::el9")))).isNull();
        assertThat(RedHatCsafImporter.component("openssl-1:3.0.7-24.el9_3.x86_64", null))
                .isEqualTo(new RedHatCsafImporter.Component("openssl", "1:3.0.7-24.el9_3"));
        assertThat(RedHatCsafImporter.component("openssl", null)).isEqualTo(new RedHatCsafImporter.Component("openssl", null));
    }
}
