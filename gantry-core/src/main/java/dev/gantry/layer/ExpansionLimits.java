package dev.gantry.layer;

/**
 * Bounds for untrusted layers, one policy for unpack, export, flatten, build and analysis: a layer
 * may inflate to {@code stored size * ratio + allowance} bytes of tar (real layers compress 2-10x,
 * a zero-filled gzip bomb ~1000x, refused at the header that declares it), and the PAX / GNU
 * long-name records before one entry may hold at most {@code maxMetadataBytes} (the tar library
 * reads them whole into memory; Go's archive/tar uses 1 MiB the same way).
 *
 * @param ratio            0 (or less) for no expansion limit
 * @param allowance        added to every layer's budget, so tiny layers are not starved
 * @param maxMetadataBytes bound on one entry's PAX / GNU long-name records
 */
public record ExpansionLimits(long ratio, long allowance, int maxMetadataBytes) {
    /** How many times its stored size a layer may inflate to (real layers compress 2-10x). */
    public static final long DEFAULT_RATIO = 16;
    /** Bytes every layer may inflate to beyond the ratio: 64 MiB, so a tiny layer of a few large files passes. */
    public static final long DEFAULT_ALLOWANCE = 64L << 20;
    /** The bound on one entry's PAX and long-name records: 1 MiB, as Go's archive/tar. */
    public static final int DEFAULT_MAX_METADATA = 1 << 20;

    /** {@return the limits every command uses unless told otherwise (16x + 64 MiB, 1 MiB of metadata)} */
    public static ExpansionLimits defaults() {
        return new ExpansionLimits(DEFAULT_RATIO, DEFAULT_ALLOWANCE, DEFAULT_MAX_METADATA);
    }

    /**
     * {@return these limits with another ratio, as {@code --max-expansion} sets it}
     *
     * @param newRatio the new ratio, 0 for no expansion limit
     */
    public ExpansionLimits withRatio(long newRatio) {
        return new ExpansionLimits(newRatio, allowance, maxMetadataBytes);
    }

    /**
     * {@return the most uncompressed bytes a layer stored in {@code storedSize} bytes may produce}
     * Saturates at {@link Long#MAX_VALUE}, which is also the answer when the ratio is 0.
     *
     * @param storedSize the layer's size as stored (its descriptor's size)
     */
    public long budget(long storedSize) {
        if (ratio <= 0) {
            return Long.MAX_VALUE;
        }
        try {
            return Math.addExact(Math.multiplyExact(storedSize, ratio), allowance);
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }
}
