package dev.gantry.analysis.walk;

/**
 * Bounds for untrusted layers, the same policy as unpacking: a layer may inflate to
 * {@code stored size * ratio + allowance} bytes of tar (real layers compress 2-10x, a zero-filled
 * gzip bomb ~1000x), and one entry's PAX / GNU long-name records may hold at most
 * {@code maxMetadataBytes} (the tar library reads them whole into memory).
 *
 * @param ratio            0 for no expansion limit
 * @param allowance        added to every layer's budget so tiny layers are not starved
 * @param maxMetadataBytes bound on the header bytes read before one entry
 */
public record WalkLimits(long ratio, long allowance, int maxMetadataBytes) {
    public static WalkLimits defaults() {
        return new WalkLimits(16, 64L << 20, 1 << 20);
    }

    public WalkLimits withRatio(long newRatio) {
        return new WalkLimits(newRatio, allowance, maxMetadataBytes);
    }

    /** Uncompressed bytes a layer stored in {@code storedSize} bytes may produce (saturating). */
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
