package dev.gantry.analysis;

import dev.gantry.analysis.walk.EntryKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A few remembered paths (files with secrets, package databases), each from a layer, and the
 * overlay rules by which later layers hide them (image-spec layer.md): a whiteout deletes a path
 * and everything under it, an opaque directory hides everything lower layers put under it, a
 * newer entry replaces the same path, and a non-directory replaces everything under its path.
 * Items are indexed by path and by each ancestor directory, so each entry of a layer costs one
 * or two map look-ups however many entries the layer has.
 *
 * @param <T> what is remembered about each path
 */
public final class Shadowing<T> {
    /**
     * A remembered path and what the layer that wrote it held there.
     *
     * @param <T>   what is remembered about the path
     * @param layer the 0-based index of the layer that wrote the path
     * @param path  the path, normalised as the walker reports it
     * @param value what is remembered
     */
    public record Item<T>(int layer, String path, T value) {
    }

    /** How a later layer's entry touches a path. */
    public enum Touch {
        /** a file, symlink, hardlink or other non-directory entry: replaces the path and anything under it */
        REPLACE,
        /** a directory entry: replaces a non-directory at the path; what is under it stays */
        DIRECTORY,
        /** a whiteout for the path */
        DELETE,
        /** an opaque marker inside the directory at the path */
        OPAQUE;

        /**
         * How an entry the walker reports touches its path.
         *
         * @param kind the entry's kind
         * @return {@link #DIRECTORY} for a directory, {@link #DELETE} for a whiteout, {@link #OPAQUE} for an
         *         opaque marker, {@link #REPLACE} for everything else
         */
        public static Touch of(EntryKind kind) {
            return switch (kind) {
                case DIR -> DIRECTORY;
                case WHITEOUT -> DELETE;
                case OPAQUE_WHITEOUT -> OPAQUE;
                case FILE, SYMLINK, HARDLINK, FIFO, CHAR_DEVICE, BLOCK_DEVICE, OTHER -> REPLACE;
            };
        }
    }

    private final Map<String, List<Item<T>>> byPath = new HashMap<>();
    private final Map<String, List<Item<T>>> byAncestor = new HashMap<>();

    /** An empty set: nothing remembered yet. */
    public Shadowing() {
    }

    /**
     * Remembers a path written by {@code layer}. Several items may share a path (one per layer, or one per
     * finding).
     *
     * @param layer the 0-based index of the layer that wrote the path
     * @param path  the path, normalised as the walker reports it
     * @param value what to remember about it
     */
    public void add(int layer, String path, T value) {
        Item<T> item = new Item<>(layer, path, value);
        byPath.computeIfAbsent(path, p -> new ArrayList<>()).add(item);
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            byAncestor.computeIfAbsent(path.substring(0, slash), p -> new ArrayList<>()).add(item);
        }
    }

    /**
     * Applies an entry of {@code layer} and forgets the items of lower layers it hides. Items of the same layer
     * are never hidden (an opaque marker hides lower layers only).
     *
     * @param layer the 0-based index of the entry's layer; layers must be applied bottom first
     * @param path  the entry's path (for a whiteout, the path it deletes; for an opaque marker, its directory)
     * @param touch how the entry touches the path
     * @return the items hidden by this entry, now forgotten; empty when none
     */
    public List<Item<T>> touch(int layer, String path, Touch touch) {
        List<Item<T>> hidden = new ArrayList<>();
        if (touch != Touch.OPAQUE) {
            take(byPath.get(path), layer, hidden);
        }
        if (touch != Touch.DIRECTORY) {
            take(byAncestor.get(path), layer, hidden);
        }
        hidden.forEach(this::forget);
        return hidden;
    }

    /**
     * Every item still visible, in no particular order.
     *
     * @return the items no later layer has hidden
     */
    public List<Item<T>> visible() {
        return byPath.values().stream().flatMap(List::stream).toList();
    }

    // the path's own items and its descendants' are disjoint lists, so nothing is taken twice
    private void take(List<Item<T>> items, int layer, List<Item<T>> into) {
        if (items == null) {
            return;
        }
        for (Item<T> item : items) {
            if (item.layer() < layer) {
                into.add(item);
            }
        }
    }

    private void forget(Item<T> item) {
        remove(byPath, item.path(), item);
        String path = item.path();
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            remove(byAncestor, path.substring(0, slash), item);
        }
    }

    private void remove(Map<String, List<Item<T>>> map, String key, Item<T> item) {
        List<Item<T>> list = map.get(key);
        if (list != null) {
            for (Iterator<Item<T>> it = list.iterator(); it.hasNext(); ) {
                if (it.next() == item) {
                    it.remove();
                }
            }
            if (list.isEmpty()) {
                map.remove(key);
            }
        }
    }
}
