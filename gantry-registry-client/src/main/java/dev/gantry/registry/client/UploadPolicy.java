package dev.gantry.registry.client;

/**
 * How blobs go up: one PUT for blobs up to {@code monolithicLimit} bytes (one round trip, the
 * common case for configs and small layers); above that, PATCH chunks of {@code chunkSize}
 * bytes with Content-Range, so proxies that cap request bodies are satisfied. Each chunk is held
 * in memory while it is sent (one chunk per blob in flight: the heap bound), so that a PATCH cut
 * short resumes from the offset the registry reports instead of restarting the blob; the source
 * streams are one-shot and cannot be re-read.
 */
public record UploadPolicy(long monolithicLimit, long chunkSize) {
    public static final UploadPolicy DEFAULT = new UploadPolicy(64L << 20, 16L << 20);

    public UploadPolicy {
        if (chunkSize <= 0 || chunkSize > Integer.MAX_VALUE - 8 || monolithicLimit < 0) {
            throw new IllegalArgumentException("chunk size must be positive and below 2 GiB, and the monolithic limit not negative");
        }
    }
}
