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
    public static final long DEFAULT_RATIO = 16;
    public static final long DEFAULT_ALLOWANCE = 64L << 20;
    public static final int DEFAULT_MAX_METADATA = 1 << 20;

    public static ExpansionLimits defaults() {
        return new ExpansionLimits(DEFAULT_RATIO, DEFAULT_ALLOWANCE, DEFAULT_MAX_METADATA);
    }

    public ExpansionLimits withRatio(long newRatio) {
        return new ExpansionLimits(newRatio, allowance, maxMetadataBytes);
    }

    /** The most uncompressed bytes a layer stored in {@code storedSize} bytes may produce (saturating). */
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
