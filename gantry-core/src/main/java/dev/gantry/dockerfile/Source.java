package dev.gantry.dockerfile;

/**
 * Where an instruction came from: its first and last physical line (1-based, heredoc bodies
 * included) and its logical text (continuations joined, heredoc bodies left out).
 *
 * @param startLine the first physical line, 1-based
 * @param endLine   the last physical line, 1-based
 * @param text      the logical line, keyword included
 */
public record Source(int startLine, int endLine, String text) {
}
