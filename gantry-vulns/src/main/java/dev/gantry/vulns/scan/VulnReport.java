package dev.gantry.vulns.scan;

import dev.gantry.analysis.packages.PackageReport;
import dev.gantry.analysis.packages.UnreadDatabase;
import dev.gantry.vulns.db.DbInfo;
import dev.gantry.vulns.db.Severity;

import java.util.List;

/**
 * The result of scanning one image.
 *
 * @param image       the image as the user named it
 * @param imageDigest its manifest digest
 * @param distro      the distribution's pretty name, or null without os-release
 * @param ecosystems  the advisory ecosystems the packages were matched in, e.g. {@code Debian:12}
 * @param packages    how many packages of the final image were matched
 * @param database    the advisory database's metadata
 * @param findings    the findings, by layer, package and id
 * @param unread      package databases whose packages are unknown (not "none")
 * @param notes       what else the reader must know (an unknown distribution, ...)
 * @param listing     the package listing the scan matched (for the CycloneDX BOM's components)
 */
public record VulnReport(String image, String imageDigest, String distro, List<String> ecosystems, int packages,
                         DbInfo database, List<Finding> findings, List<UnreadDatabase> unread, List<String> notes,
                         PackageReport listing) {

    /**
     * The findings that fail a gate at {@code threshold}: in the final image, at or above the severity, and
     * with a status that counts (affected, undetermined; with {@code strict} also unimportant and no-dsa).
     *
     * @param threshold the lowest failing severity
     * @param strict    whether Debian's unimportant and no-dsa findings count too
     * @return the failing findings
     */
    public List<Finding> failing(Severity threshold, boolean strict) {
        return findings.stream()
                .filter(Finding::inFinalImage)
                .filter(f -> f.status().failsGate() || (strict && f.status() != dev.gantry.vulns.db.Status.NOT_AFFECTED))
                .filter(f -> f.severity().compareTo(threshold) >= 0)
                .toList();
    }
}
