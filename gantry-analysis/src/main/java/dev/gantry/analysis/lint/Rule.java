package dev.gantry.analysis.lint;

/**
 * One lint rule: its id ({@code GLnnn}), the hadolint rule it matches (null when hadolint has
 * none), its severity, a one-line title and the general fix.
 */
public record Rule(String id, String hadolint, Severity severity, String title, String fix) {
    /** A finding of this rule at {@code line} with a message about that line's specifics. */
    public Finding at(int line, String message) {
        return new Finding(id, severity, line, message, fix);
    }
}
