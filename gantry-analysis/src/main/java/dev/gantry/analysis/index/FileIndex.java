package dev.gantry.analysis.index;

import dev.gantry.analysis.walk.EntryKind;
import dev.gantry.analysis.walk.HostileEntry;
import dev.gantry.analysis.walk.LayerWalker;
import dev.gantry.image.Image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What every layer of an image did to every path, built in one streaming pass per layer: the
 * merged tree at any layer (each path with the layer that last wrote it), each path's full
 * history (written, overwritten, deleted, hidden), each layer's changes. Held as columns of ints
 * and longs, not objects per path; records are made only when asked for.
 */
public final class FileIndex {
    private final PathTree tree;
    private final EventColumns events;
    private final int[] first;
    private final int[] state;
    private final List<LayerStats> layers;
    private final List<HostileEntry> hostile;

    FileIndex(PathTree tree, EventColumns events, int[] first, int[] state, List<LayerStats> layers,
              List<HostileEntry> hostile) {
        this.tree = tree;
        this.events = events;
        this.first = first;
        this.state = state;
        this.layers = layers;
        this.hostile = hostile;
    }

    /**
     * Walks every layer of the image once (verified, bounded) and indexes it. Hostile entries are listed in
     * {@link #hostile()}, not fatal.
     *
     * @param image   the image; each layer is streamed once from its source
     * @param options whether to hash file content, and the expansion limits
     * @return the index
     * @throws dev.gantry.error.DigestMismatchException when a layer's bytes do not match its digest or size
     * @throws dev.gantry.error.LimitExceededException  when a layer expands past its budget
     * @throws IOException when a layer cannot be read or is not a tar
     */
    public static FileIndex build(Image image, IndexOptions options) throws IOException {
        IndexBuilder builder = new IndexBuilder(options);
        new LayerWalker(options.limits()).walk(image, builder);
        return builder.build();
    }

    /**
     * Each layer's counts, bottom first.
     *
     * @return one entry per layer of the image
     */
    public List<LayerStats> layers() {
        return layers;
    }

    /**
     * Entries no layer may hold (names or hardlink targets climbing out of the root), skipped and listed here.
     *
     * @return the entries, in walk order; empty for a sound image
     */
    public List<HostileEntry> hostile() {
        return hostile;
    }

    /**
     * Number of distinct paths any layer mentioned, deleted ones and implied parent directories included.
     *
     * @return the count
     */
    public int pathCount() {
        return tree.size();
    }

    /**
     * Normalises a user-given path the way entry names are ("/etc/x/" and "./etc/x" are "etc/x").
     *
     * @param path a path as a user types it
     * @return the path without leading, trailing or repeated slashes and {@code .} components
     */
    public static String normalise(String path) {
        StringBuilder out = new StringBuilder();
        for (String part : path.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                out.append(out.isEmpty() ? "" : "/").append(part);
            }
        }
        return out.toString();
    }

    /**
     * Everything every layer did to {@code path}, bottom layer first: what {@code gantry blame} shows,
     * deletions included.
     *
     * @param path the path, normalised here
     * @return the path's events, in layer order; empty when no layer mentions it
     */
    public List<PathEvent> history(String path) {
        int id = tree.find(normalise(path));
        List<PathEvent> out = new ArrayList<>();
        if (id != PathTree.NONE) {
            for (int e = first[id]; e != PathTree.NONE; e = events.next(e)) {
                out.add(events.event(e, tree));
            }
        }
        return out;
    }

    /**
     * The path as it stands after layer {@code upTo} (inclusive).
     *
     * @param path the path, normalised here
     * @param upTo a 0-based layer index
     * @return the event that last wrote the path, or empty when it does not exist there
     */
    public Optional<PathEvent> stateAt(String path, int upTo) {
        int id = tree.find(normalise(path));
        int e = id == PathTree.NONE ? PathTree.NONE : stateEvent(id, upTo);
        return e == PathTree.NONE ? Optional.empty() : Optional.of(events.event(e, tree));
    }

    /**
     * Whether the path exists in the final image.
     *
     * @param path the path, normalised here
     * @return false for paths never written, or deleted or hidden by a later layer
     */
    public boolean visible(String path) {
        return stateAt(path, layers.size() - 1).isPresent();
    }

    /**
     * The merged tree after layer {@code upTo}, sorted by path (see {@link #comparePaths}): each entry is the
     * event that last wrote the path. Directories no layer wrote but that hold visible paths are included as
     * {@link Change#ADDED} directories of layer -1.
     *
     * @param upTo a 0-based layer index; the last one gives the final image
     * @return every visible path
     */
    public List<PathEvent> tree(int upTo) {
        List<PathEvent> out = new ArrayList<>();
        boolean[] shown = new boolean[tree.size()];
        for (int id = 0; id < tree.size(); id++) {
            int e = stateEvent(id, upTo);
            if (e == PathTree.NONE) {
                continue;
            }
            out.add(events.event(e, tree));
            for (int p = tree.parent(id); p != PathTree.NONE && !shown[p] && stateEvent(p, upTo) == PathTree.NONE;
                 p = tree.parent(p)) {
                shown[p] = true;
                out.add(new PathEvent(tree.path(p), -1, Change.ADDED, EntryKind.DIR, 0, 0755, 0, 0, null, null, null));
            }
        }
        out.sort(Comparator.comparing(PathEvent::path, FileIndex::comparePaths));
        return out;
    }

    /**
     * What one layer did: its own entries' events in tar order, and the removals and hiding they caused below.
     *
     * @param index a 0-based layer index
     * @return the layer's events; empty for an index out of range
     */
    public List<PathEvent> changes(int index) {
        List<PathEvent> out = new ArrayList<>();
        for (int e = 0; e < events.count(); e++) {
            if (events.layer(e) == index) {
                out.add(events.event(e, tree));
            }
        }
        return out;
    }

    /**
     * Orders paths component by component, so a directory sorts right before its contents ("a/b" before "a-b").
     *
     * @param a a normalised path
     * @param b another
     * @return negative, zero or positive as {@code a} sorts before, with or after {@code b}
     */
    public static int comparePaths(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return x == '/' ? -1 : y == '/' ? 1 : Character.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    String pathOf(int id) {
        return tree.path(id);
    }

    EventColumns events() {
        return events;
    }

    /** The id's latest existence-deciding event at or below {@code upTo} if it leaves the path existing, else NONE. */
    private int stateEvent(int id, int upTo) {
        if (upTo >= layers.size() - 1) {
            int s = state[id];
            return s != PathTree.NONE && events.change(s).leavesPath() ? s : PathTree.NONE;
        }
        int found = PathTree.NONE;
        for (int e = first[id]; e != PathTree.NONE && events.layer(e) <= upTo; e = events.next(e)) {
            if (events.change(e) != Change.MADE_OPAQUE) {
                found = e;
            }
        }
        return found != PathTree.NONE && events.change(found).leavesPath() ? found : PathTree.NONE;
    }
}
