package dev.gantry.vulns.triage;

import dev.gantry.vulns.db.Severity;
import dev.gantry.vulns.scan.Finding;
import dev.gantry.vulns.scan.VulnReport;

import java.util.List;

/**
 * A scan with its triage applied.
 *
 * @param report   the scan
 * @param platform the platform the image is for ({@code linux/amd64}), or null when it was not picked from an index
 * @param findings every finding of the scan, in its order, each with its triage
 */
public record TriagedReport(VulnReport report, String platform, List<TriagedFinding> findings) {

    /**
     * The findings that fail a gate: {@link VulnReport#failing} less the suppressed ones.
     *
     * @param threshold the lowest failing severity
     * @param strict    whether Debian's unimportant and no-dsa findings count too
     * @return the failing findings
     */
    public List<Finding> failing(Severity threshold, boolean strict) {
        java.util.Set<Finding> counted = new java.util.HashSet<>(report.failing(threshold, strict));
        return findings.stream().filter(t -> !t.suppressed()).map(TriagedFinding::finding)
                .filter(counted::contains).toList();
    }

    /**
     * The findings to list: all of them with {@code showSuppressed}, else those not suppressed.
     *
     * @param showSuppressed whether suppressed findings are listed too
     * @return the findings, in the scan's order
     */
    public List<TriagedFinding> shown(boolean showSuppressed) {
        return showSuppressed ? findings : findings.stream().filter(t -> !t.suppressed()).toList();
    }

    /**
     * {@return how many findings are suppressed}
     */
    public long suppressedCount() {
        return findings.stream().filter(TriagedFinding::suppressed).count();
    }
}
