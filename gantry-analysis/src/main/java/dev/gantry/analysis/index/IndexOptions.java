package dev.gantry.analysis.index;

import dev.gantry.analysis.walk.WalkLimits;

/**
 * How to build a {@link FileIndex}.
 *
 * @param hashContent sha256 every regular file's content (diff needs it; efficiency and tree do not)
 * @param limits      bounds for untrusted layers
 */
public record IndexOptions(boolean hashContent, WalkLimits limits) {
    public static IndexOptions withoutHashes() {
        return new IndexOptions(false, WalkLimits.defaults());
    }

    public static IndexOptions withHashes() {
        return new IndexOptions(true, WalkLimits.defaults());
    }
}
