package dev.gantry.dockerfile;

/** A comment line (text after '#', trimmed) kept for tools that read annotations such as lint ignores. */
public record Comment(int line, String text) {
}
