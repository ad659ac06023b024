package dev.gantry.analysis.index;

import java.util.List;

/**
 * How much of an image is dead weight, by dive's definitions (see {@link #of}).
 *
 * @param score             sum over paths of their smallest occurrence / sum of all occurrences (1 = no waste)
 * @param sizeBytes         sum of every layer's file sizes
 * @param userSizeBytes     the same without the first (base) layer
 * @param wastedBytes       bytes of every occurrence of paths written or removed in two or more layers
 * @param wastedUserPercent wastedBytes / userSizeBytes as a fraction (NaN or infinite when userSizeBytes is 0, as in dive)
 * @param inefficiencies    those paths, most bytes first
 */
public record Efficiency(double score, long sizeBytes, long userSizeBytes, long wastedBytes, double wastedUserPercent,
                         List<Inefficiency> inefficiencies) {

    /**
     * A path that occurs in several layers.
     *
     * @param path           the path
     * @param count          layers it occurs in
     * @param cumulativeSize bytes of all its occurrences
     * @param layers         those layers' indexes, bottom first
     */
    public record Inefficiency(String path, int count, long cumulativeSize, List<Integer> layers) {
    }

    /**
     * The figures of an index, by dive's algorithm; the index may be built with or without hashes.
     *
     * @param index the image's index
     * @return the score, sizes, wasted bytes and the paths that waste them
     */
    public static Efficiency of(FileIndex index) {
        return DiveEfficiency.of(index);
    }
}
