package dev.gantry.validate;

import java.util.List;

/**
 * The outcome of validating everything a reference reaches.
 *
 * @param source            how the source names itself
 * @param rootDigest        the digest of the manifest or index the reference names
 * @param manifests         how many manifests and indexes were read
 * @param blobs             how many configs and layers were checked
 * @param bytesRead         stored bytes read, manifests included
 * @param uncompressedBytes layer bytes after decompression (0 in fast mode)
 * @param millis            how long the run took
 * @param layers            what was measured per layer blob
 * @param findings          every problem, errors first
 */
public record ValidationReport(String source, String rootDigest, int manifests, int blobs, long bytesRead,
                               long uncompressedBytes, long millis, List<LayerCheck> layers, List<Finding> findings) {

    /** {@return true when no finding is an error (warnings allowed)} */
    public boolean ok() {
        return findings.stream().noneMatch(f -> f.severity() == Finding.Severity.ERROR);
    }
}
