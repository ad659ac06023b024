package dev.gantry.analysis.lint;

import java.util.List;

/** A group of related rules applied to a whole file; findings are appended to {@code out}. */
interface Check {
    void check(LintedFile file, List<Finding> out);
}
