package dev.gantry.analysis.lint;

/**
 * One problem found: the rule, where (1-based line of the instruction) and what exactly, with the fix.
 *
 * @param id       the rule's id, {@code GLnnn}
 * @param severity the rule's severity
 * @param line     the 1-based line of the instruction (its first line when continued)
 * @param message  what exactly is wrong at that line, naming the instruction's specifics
 * @param fix      the rule's general fix
 */
public record Finding(String id, Severity severity, int line, String message, String fix) {
}
