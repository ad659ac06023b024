package dev.gantry.analysis.index;

import dev.gantry.layer.ExpansionLimits;

/**
 * How to build a {@link FileIndex}.
 *
 * @param hashContent sha256 every regular file's content (diff needs it; efficiency and tree do not)
 * @param limits      bounds for untrusted layers
 */
public record IndexOptions(boolean hashContent, ExpansionLimits limits) {
    /**
     * What efficiency and tree need: no content hashing, default limits.
     *
     * @return the options
     */
    public static IndexOptions withoutHashes() {
        return new IndexOptions(false, ExpansionLimits.defaults());
    }

    /**
     * What diff needs: sha256 of every regular file, default limits.
     *
     * @return the options
     */
    public static IndexOptions withHashes() {
        return new IndexOptions(true, ExpansionLimits.defaults());
    }
}
