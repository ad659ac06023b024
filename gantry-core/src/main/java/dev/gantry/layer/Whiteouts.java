package dev.gantry.layer;

/**
 * image-spec layer.md's whiteouts, classified and written in this one place: {@code .wh.NAME}
 * removes NAME of lower layers, {@code DIR/.wh..wh..opq} hides all lower content of DIR. Other
 * {@code .wh..wh.} names are aufs bookkeeping ({@code .wh..wh.plnk}, {@code .wh..wh.aufs}),
 * never content, skipped as Docker skips them.
 */
public final class Whiteouts {
    /** {@code .wh.NAME} removes NAME of lower layers. */
    public static final String PREFIX = ".wh.";
    /** {@code DIR/.wh..wh..opq} hides all lower content of DIR. */
    public static final String OPAQUE = ".wh..wh..opq";
    /** aufs bookkeeping names start with this. */
    public static final String AUFS_META_PREFIX = ".wh..wh.";

    /** What an entry's last path component makes of it. */
    public enum Kind {
        /** Ordinary content. */
        NONE,
        /** {@code .wh.NAME}: removes NAME beside it ({@link #hiddenName}). */
        WHITEOUT,
        /** {@code .wh..wh..opq}: hides what lower layers had in its directory. */
        OPAQUE,
        /** {@code .wh..wh.*} other than the opaque marker: skipped. */
        AUFS_META
    }

    private Whiteouts() {
    }

    /**
     * {@return the kind of an entry, by its base name}
     *
     * @param base the last component of the entry's normalised path
     */
    public static Kind classify(String base) {
        if (!base.startsWith(PREFIX)) {
            return Kind.NONE;
        }
        if (base.equals(OPAQUE)) {
            return Kind.OPAQUE;
        }
        return base.startsWith(AUFS_META_PREFIX) ? Kind.AUFS_META : Kind.WHITEOUT;
    }

    /**
     * {@return NAME of a {@code .wh.NAME} base name, as written (check it with {@link #isRemovable})}
     *
     * @param base a base name classified {@link Kind#WHITEOUT}
     */
    public static String hiddenName(String base) {
        return base.substring(PREFIX.length());
    }

    /**
     * {@return false for "", "." and "..": a whiteout naming them removes nothing that can exist and is refused}
     *
     * @param name the name a whiteout hides ({@link #hiddenName})
     */
    public static boolean isRemovable(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..");
    }

    /**
     * {@return true when a directory component of {@code parent} is itself a whiteout name (its entries are never content)}
     *
     * @param parent the normalised directory an entry is in, "" for the root
     */
    public static boolean insideWhiteoutName(String parent) {
        if (parent.isEmpty()) {
            return false;
        }
        return parent.startsWith(PREFIX) || parent.contains("/" + PREFIX);
    }

    /**
     * {@return the entry name that deletes {@code path} in a layer: {@code DIR/.wh.NAME}}
     *
     * @param path the normalised path to delete
     */
    public static String whiteoutFor(String path) {
        int slash = path.lastIndexOf('/');
        return path.substring(0, slash + 1) + PREFIX + path.substring(slash + 1);
    }

    /**
     * {@return the entry name that makes {@code dir} opaque: {@code DIR/.wh..wh..opq}}
     *
     * @param dir the normalised directory, "" for the root
     */
    public static String opaqueMarkerIn(String dir) {
        return EntryName.child(dir, OPAQUE);
    }
}
