package dev.gantry.analysis.lint;

/**
 * One lint rule: its id, the hadolint rule it matches, its severity, a one-line title and the general fix.
 *
 * @param id       {@code GLnnn}, stable: users put it in ignore lists
 * @param hadolint the hadolint rule it matches ({@code DLnnnn}), or null when hadolint has none
 * @param severity how bad a finding of it is
 * @param title    what the rule finds, in a line
 * @param fix      what to do about it in general
 */
public record Rule(String id, String hadolint, Severity severity, String title, String fix) {
    /**
     * A finding of this rule at {@code line}.
     *
     * @param line    the 1-based line of the instruction
     * @param message the specifics of that line
     * @return the finding, with this rule's id, severity and fix
     */
    public Finding at(int line, String message) {
        return new Finding(id, severity, line, message, fix);
    }
}
