package dev.gantry.analysis.walk;

/**
 * Totals of one walked layer.
 *
 * @param entries   tar entries seen, whiteouts and hostile ones included
 * @param fileBytes content bytes of regular files
 * @param tarBytes  uncompressed tar bytes read
 */
public record LayerSummary(long entries, long fileBytes, long tarBytes) {
}
