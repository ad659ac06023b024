package dev.gantry.registry.client;

/**
 * How blobs go up. Blobs up to {@code monolithicLimit} bytes: one PUT with the body (one round
 * trip fewer; configs and small layers). Larger ones: streamed from the source in one PATCH, and
 * only when that request fails, continued from the offset the registry reports (the source is
 * opened again there, so nothing is held in memory to resend). PATCHes of at most
 * {@code chunkSize} bytes only as a fallback: when {@code chunked} is set, when the registry
 * caps its requests ({@code OCI-Chunk-Max-Length} on the upload's POST) or when it answered a
 * streamed PATCH 413 (then for the rest of the session's blobs too).
 */
public record UploadPolicy(long monolithicLimit, long chunkSize, boolean chunked) {
    /**
     * 1 MiB: above that, a PATCH and a closing PUT cost one round trip more than a PUT, which is
     * nothing beside the transfer, and a cut PATCH continues where a cut PUT starts over.
     */
    public static final UploadPolicy DEFAULT = new UploadPolicy(1L << 20, 16L << 20, false);

    public UploadPolicy {
        if (chunkSize <= 0 || monolithicLimit < 0) {
            throw new IllegalArgumentException("chunk size must be positive, and the monolithic limit not negative");
        }
    }

    /** Blobs above {@code monolithicLimit} always in PATCHes of at most {@code chunkSize} bytes. */
    public static UploadPolicy chunked(long monolithicLimit, long chunkSize) {
        return new UploadPolicy(monolithicLimit, chunkSize, true);
    }
}
