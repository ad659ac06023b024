package dev.gantry.analysis.lint;

import java.util.List;

/** What linting one file found, ordered by line; {@code file} is the path as given. */
public record LintReport(String file, List<Finding> findings) {
    public LintReport {
        findings = List.copyOf(findings);
    }

    /** Whether any finding is at or above {@code threshold}; null threshold means never. */
    public boolean fails(Severity threshold) {
        return threshold != null && findings.stream().anyMatch(f -> f.severity().atLeast(threshold));
    }
}
