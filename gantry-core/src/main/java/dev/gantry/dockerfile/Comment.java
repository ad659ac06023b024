package dev.gantry.dockerfile;

/**
 * A comment line (text after '#', trimmed) kept for tools that read annotations such as lint ignores.
 *
 * @param line the 1-based line number
 * @param text the text after '#', trimmed
 */
public record Comment(int line, String text) {
}
