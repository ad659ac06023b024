package dev.gantry.runtime.apply;

/** image-spec layer.md's whiteout names. */
final class Whiteouts {
    /** {@code .wh.NAME} removes NAME of lower layers. */
    static final String PREFIX = ".wh.";
    /** {@code DIR/.wh..wh..opq} hides all lower content of DIR. */
    static final String OPAQUE = ".wh..wh..opq";
    /** aufs bookkeeping ({@code .wh..wh.plnk}, {@code .wh..wh.aufs}): never content, skipped like Docker does. */
    static final String AUFS_META_PREFIX = ".wh..wh.";

    private Whiteouts() {
    }

    static boolean isWhiteout(String base) {
        return base.startsWith(PREFIX);
    }

    /** The relative path a {@code .wh.NAME} entry in {@code parent} removes; refused when NAME is empty, "." or "..". */
    static String victim(String parent, String base, EntryContext where) {
        String victim = base.substring(PREFIX.length());
        if (victim.isEmpty() || victim.equals(".") || victim.equals("..")) {
            throw new UnsafeLayerException(where, "whiteout of '" + victim + "' is not a removable name");
        }
        return EntryPath.child(parent, victim);
    }

    /** True when any directory component above the entry is itself a whiteout name. */
    static boolean insideWhiteoutName(String parentRel) {
        if (parentRel.isEmpty()) {
            return false;
        }
        if (parentRel.startsWith(PREFIX)) {
            return true;
        }
        return parentRel.contains("/" + PREFIX);
    }
}
