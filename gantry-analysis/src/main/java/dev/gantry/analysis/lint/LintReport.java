package dev.gantry.analysis.lint;

import java.util.List;

/**
 * What linting one file found.
 *
 * @param file     the file's path as given, for output and SARIF locations
 * @param findings the findings, ordered by line then rule id, ignored ones removed
 */
public record LintReport(String file, List<Finding> findings) {
    /** Copies the findings, so the report cannot change afterwards. */
    public LintReport {
        findings = List.copyOf(findings);
    }

    /**
     * Whether any finding is at or above {@code threshold}: what {@code --fail-on} turns into the exit status.
     *
     * @param threshold the least severity that fails, or null for never
     * @return true when some finding is that severe or more
     */
    public boolean fails(Severity threshold) {
        return threshold != null && findings.stream().anyMatch(f -> f.severity().atLeast(threshold));
    }
}
