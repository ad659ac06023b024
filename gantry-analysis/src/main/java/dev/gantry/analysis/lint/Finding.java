package dev.gantry.analysis.lint;

/** One problem found: the rule, where (1-based line of the instruction) and what exactly, with the fix. */
public record Finding(String id, Severity severity, int line, String message, String fix) {
}
