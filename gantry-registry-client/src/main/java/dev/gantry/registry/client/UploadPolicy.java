package dev.gantry.registry.client;

/**
 * How blobs go up: one PUT for blobs up to {@code monolithicLimit} bytes (one round trip, the
 * common case for configs and small layers); above that, PATCH chunks of {@code chunkSize}
 * bytes with Content-Range, so proxies that cap request bodies are satisfied. Each chunk is held
 * in memory while it is sent (one chunk per blob in flight: the heap bound), so that a PATCH cut
 * short resumes from the offset the registry reports instead of restarting the blob; the source
 * streams are one-shot and cannot be re-read.
 *
 * @param monolithicLimit the largest blob, in bytes, sent in one PUT; 0 sends every non-empty blob in chunks
 * @param chunkSize       the bytes per PATCH for larger blobs: positive, at most {@code Integer.MAX_VALUE - 8}
 */
public record UploadPolicy(long monolithicLimit, long chunkSize) {
    /** One PUT up to 64 MiB, 16 MiB chunks above: what {@code docker://} targets use. */
    public static final UploadPolicy DEFAULT = new UploadPolicy(64L << 20, 16L << 20);

    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException when {@code chunkSize} is not positive or does not fit a Java array, or
     *                                  {@code monolithicLimit} is negative
     */
    public UploadPolicy {
        if (chunkSize <= 0 || chunkSize > Integer.MAX_VALUE - 8 || monolithicLimit < 0) {
            throw new IllegalArgumentException("chunk size must be positive and below 2 GiB, and the monolithic limit not negative");
        }
    }
}
