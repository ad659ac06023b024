package dev.gantry.analysis.secrets;

import java.util.List;

/**
 * The result of a scan: findings in layer order (bottom first, then the config's), and what was passed over so
 * a clean result can be judged.
 *
 * @param image          the image's name as the caller gave it
 * @param findings       the findings not allowed, layer order, then the config's
 * @param layers         how many layers were scanned
 * @param filesScanned   regular files looked at
 * @param filesTruncated text files whose content went past the byte cap (scanned in part)
 * @param binaryFiles    binary files (a NUL in the first 8 KiB), given path rules only
 * @param allowed        findings the allow-list accepted and left out
 * @param hostileEntries entries with names climbing out of the root, described (never read)
 */
public record SecretReport(String image, List<SecretFinding> findings, int layers, long filesScanned,
                           long filesTruncated, long binaryFiles, long allowed, List<String> hostileEntries) {

    /**
     * The findings at or above a severity: what {@code --fail-on} counts.
     *
     * @param severity the least severity that counts
     * @return those findings, in report order
     */
    public List<SecretFinding> atLeast(Severity severity) {
        return findings.stream().filter(f -> f.severity().atLeast(severity)).toList();
    }
}
