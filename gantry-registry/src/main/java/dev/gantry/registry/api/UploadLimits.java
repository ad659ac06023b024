package dev.gantry.registry.api;

/** Upload limits: bytes per blob and upload sessions open at once; 0 means no limit. */
public record UploadLimits(long maxSize, int maxConcurrent) {
    public static final UploadLimits NONE = new UploadLimits(0, 0);

    public UploadLimits {
        if (maxSize < 0 || maxConcurrent < 0) {
            throw new IllegalArgumentException("upload limits must be 0 (none) or positive: " + maxSize + ", " + maxConcurrent);
        }
    }
}
