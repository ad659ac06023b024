package dev.gantry.runtime.apply;

/**
 * Limits for untrusted layers.
 *
 * @param maxExpansion     a layer may expand to {@code compressed size * maxExpansion + expansionAllowance}
 *                         bytes of tar (0: no limit). Real layers compress 2-10x; a zero-filled
 *                         gzip bomb compresses ~1000x and is refused at the header that declares it.
 * @param expansionAllowance fixed bytes added to every layer's budget, so tiny layers are not starved
 * @param maxMetadataBytes bound on one entry's PAX / GNU long-name records
 */
public record ApplyOptions(long maxExpansion, long expansionAllowance, int maxMetadataBytes) {
    public static final long DEFAULT_MAX_EXPANSION = 16;
    public static final long DEFAULT_ALLOWANCE = 64L << 20;
    public static final int DEFAULT_MAX_METADATA = 1 << 20;

    public static ApplyOptions defaults() {
        return new ApplyOptions(DEFAULT_MAX_EXPANSION, DEFAULT_ALLOWANCE, DEFAULT_MAX_METADATA);
    }

    public ApplyOptions withMaxExpansion(long ratio) {
        return new ApplyOptions(ratio, expansionAllowance, maxMetadataBytes);
    }

    /** The most uncompressed bytes a layer of this stored size may produce. */
    public long budgetFor(long compressedSize) {
        if (maxExpansion <= 0) {
            return Long.MAX_VALUE;
        }
        long scaled = compressedSize > Long.MAX_VALUE / maxExpansion ? Long.MAX_VALUE : compressedSize * maxExpansion;
        return scaled > Long.MAX_VALUE - expansionAllowance ? Long.MAX_VALUE : scaled + expansionAllowance;
    }
}
