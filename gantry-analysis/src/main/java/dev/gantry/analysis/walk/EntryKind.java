package dev.gantry.analysis.walk;

/** What a layer tar entry does to the filesystem, whiteouts (image-spec layer.md) told apart from files. */
public enum EntryKind {
    FILE,
    DIR,
    SYMLINK,
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

    /** True for the two kinds that delete rather than write. */
    public boolean deletes() {
        return this == WHITEOUT || this == OPAQUE_WHITEOUT;
    }
}
