package dev.gantry.analysis.walk;

/** What a layer tar entry does to the filesystem, whiteouts (image-spec layer.md) told apart from files. */
public enum EntryKind {
    /** A regular file; its content is handed to the visitor. */
    FILE,
    /** A directory. */
    DIR,
    /** A symbolic link; its target is kept as written, never resolved. */
    SYMLINK,
    /** A hard link to an earlier entry; its target is normalised like an entry's path. */
    HARDLINK,
    /** {@code DIR/.wh.NAME}: deletes DIR/NAME of lower layers; the entry's path is DIR/NAME. */
    WHITEOUT,
    /** {@code DIR/.wh..wh..opq}: hides everything lower layers had under DIR; the entry's path is DIR. */
    OPAQUE_WHITEOUT,
    /** A named pipe (tar type 6). */
    FIFO,
    /** A character device node (tar type 3). */
    CHAR_DEVICE,
    /** A block device node (tar type 4). */
    BLOCK_DEVICE,
    /** Any other tar entry type (contiguous files, vendor extensions). */
    OTHER;

    /**
     * Whether the kind deletes rather than writes.
     *
     * @return true for {@link #WHITEOUT} and {@link #OPAQUE_WHITEOUT}
     */
    public boolean deletes() {
        return this == WHITEOUT || this == OPAQUE_WHITEOUT;
    }
}
