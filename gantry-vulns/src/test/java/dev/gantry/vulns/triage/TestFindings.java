package dev.gantry.vulns.triage;

import dev.gantry.vulns.db.DbInfo;
import dev.gantry.vulns.db.Severity;
import dev.gantry.vulns.db.Status;
import dev.gantry.vulns.scan.Finding;
import dev.gantry.vulns.scan.VulnReport;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Findings and scans made by hand, for the triage and report tests: a high Debian finding per call. */
public final class TestFindings {
    /** The scanned image's digest. */
    public static final String IMAGE = "sha256:" + "a".repeat(64);
    /** Another image's digest. */
    public static final String OTHER_IMAGE = "sha256:" + "b".repeat(64);

    private TestFindings() {
    }

    /** A high, affected finding of {@code pkg} (source {@code source}, may be null) at {@code version}, alias DSA-5999-1. */
    public static Finding finding(String id, String pkg, String source, String version) {
        String purl = "pkg:deb/debian/" + pkg + "@" + version + "?arch=amd64&distro=debian-12"
                + (source == null ? "" : "&upstream=" + source);
        return new Finding(id, List.of("DSA-5999-1"), pkg, source, "deb", version, version, null, Status.AFFECTED,
                Severity.HIGH, null, null, "Debian:12", "tracker.json", 1, "sha256:" + "c".repeat(64), "RUN apt-get install",
                "var/lib/dpkg/status", true, null, null, purl);
    }

    /** A scan of {@link #IMAGE} with these findings and no package listing. */
    public static VulnReport report(Finding... findings) {
        return new VulnReport("oci:x:t", IMAGE, "Debian 12", List.of("Debian:12"), findings.length,
                new DbInfo(Path.of("db"), Instant.EPOCH, 1, 1, List.of()), List.of(findings), List.of(), List.of(), null);
    }
}
