package dev.gantry.registry.client;

/**
 * How blobs go up: one PUT for blobs up to {@code monolithicLimit} bytes (one round trip, the
 * common case for configs and small layers); above that, PATCH chunks of {@code chunkSize}
 * bytes with Content-Range, so a failure costs one chunk and proxies that cap request bodies
 * are satisfied.
 */
public record UploadPolicy(long monolithicLimit, long chunkSize) {
    public static final UploadPolicy DEFAULT = new UploadPolicy(64L << 20, 64L << 20);

    public UploadPolicy {
        if (chunkSize <= 0 || monolithicLimit < 0) {
            throw new IllegalArgumentException("chunk size must be positive and the monolithic limit not negative");
        }
    }
}
