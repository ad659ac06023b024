package dev.gantry.validate;

import java.util.List;

/** The outcome of validating everything a reference reaches. */
public record ValidationReport(String source, String rootDigest, int manifests, int blobs, long bytesRead,
                               long uncompressedBytes, long millis, List<LayerCheck> layers, List<Finding> findings) {

    public boolean ok() {
        return findings.stream().noneMatch(f -> f.severity() == Finding.Severity.ERROR);
    }
}
