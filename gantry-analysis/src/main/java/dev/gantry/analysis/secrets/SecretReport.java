package dev.gantry.analysis.secrets;

import java.util.List;

/**
 * The result of a scan: findings in layer order (bottom first, then the config's), and what was
 * passed over so a clean result can be judged: files whose content went past the byte cap
 * (scanned in part), binary files (path rules only), findings the allow-list accepted, and
 * entries with hostile names (never read).
 */
public record SecretReport(String image, List<SecretFinding> findings, int layers, long filesScanned,
                           long filesTruncated, long binaryFiles, long allowed, List<String> hostileEntries) {

    public List<SecretFinding> atLeast(Severity severity) {
        return findings.stream().filter(f -> f.severity().atLeast(severity)).toList();
    }
}
