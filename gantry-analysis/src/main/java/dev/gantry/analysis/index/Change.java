package dev.gantry.analysis.index;

/** What a layer did to one path. */
public enum Change {
    /** Written where nothing was visible below. */
    ADDED,
    /** Written over what a lower layer had. */
    MODIFIED,
    /** Removed by its own whiteout ({@code .wh.NAME}). */
    DELETED,
    /** Removed with a directory above it (that directory's whiteout, or a non-directory written over it). */
    DELETED_WITH_PARENT,
    /** Hidden by an opaque marker ({@code .wh..wh..opq}) on a directory above it. */
    HIDDEN_BY_OPAQUE,
    /** The directory itself got an opaque marker: its lower content is hidden, it stays. */
    MADE_OPAQUE;

    /**
     * Whether the path exists after this change.
     *
     * @return true for {@link #ADDED}, {@link #MODIFIED} and {@link #MADE_OPAQUE}
     */
    public boolean leavesPath() {
        return this == ADDED || this == MODIFIED || this == MADE_OPAQUE;
    }

    /**
     * Whether a tar entry of the layer itself says this (rather than an entry above the path).
     *
     * @return true for {@link #ADDED}, {@link #MODIFIED}, {@link #DELETED} and {@link #MADE_OPAQUE}
     */
    public boolean direct() {
        return this == ADDED || this == MODIFIED || this == DELETED || this == MADE_OPAQUE;
    }
}
