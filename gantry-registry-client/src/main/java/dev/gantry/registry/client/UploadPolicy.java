package dev.gantry.registry.client;

/**
 * How blobs go up. Blobs up to {@code monolithicLimit} bytes: one PUT with the body (one round
 * trip fewer; configs and small layers). Larger ones: streamed from the source in one PATCH, and
 * only when that request fails, continued from the offset the registry reports (the source is
 * opened again there, so nothing is held in memory to resend). PATCHes of at most
 * {@code chunkSize} bytes only as a fallback: when {@code chunked} is set, when the registry
 * caps its requests ({@code OCI-Chunk-Max-Length} on the upload's POST) or when it answered a
 * streamed PATCH 413 (then for the rest of the session's blobs too).
 *
 * @param monolithicLimit the largest blob, in bytes, sent in one PUT; 0 sends every non-empty blob in PATCHes
 * @param chunkSize       the most bytes per PATCH when the blob goes up in chunks: positive
 * @param chunked         true to send every blob above {@code monolithicLimit} in chunks, whether or not the registry asks
 */
public record UploadPolicy(long monolithicLimit, long chunkSize, boolean chunked) {
    /**
     * One PUT up to 1 MiB, one streamed PATCH above, 16 MiB chunks when the registry needs them:
     * what {@code docker://} targets use. Above 1 MiB a PATCH and a closing PUT cost one round
     * trip more than a PUT, which is nothing beside the transfer, and a cut PATCH continues where
     * a cut PUT would start over.
     */
    public static final UploadPolicy DEFAULT = new UploadPolicy(1L << 20, 16L << 20, false);

    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException when {@code chunkSize} is not positive or {@code monolithicLimit} is negative
     */
    public UploadPolicy {
        if (chunkSize <= 0 || monolithicLimit < 0) {
            throw new IllegalArgumentException("chunk size must be positive, and the monolithic limit not negative");
        }
    }

    /**
     * A policy that sends blobs above {@code monolithicLimit} in chunks even when the registry
     * would take them in one request (for a proxy in front of it that caps request bodies).
     *
     * @param monolithicLimit the largest blob, in bytes, sent in one PUT
     * @param chunkSize       the most bytes per PATCH: positive
     * @return the policy
     */
    public static UploadPolicy chunked(long monolithicLimit, long chunkSize) {
        return new UploadPolicy(monolithicLimit, chunkSize, true);
    }
}
