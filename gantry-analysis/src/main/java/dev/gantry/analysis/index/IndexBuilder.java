package dev.gantry.analysis.index;

import dev.gantry.analysis.walk.EntryKind;
import dev.gantry.analysis.walk.EntryVisitor;
import dev.gantry.analysis.walk.HostileEntry;
import dev.gantry.analysis.walk.ImageLayer;
import dev.gantry.analysis.walk.ImageVisitor;
import dev.gantry.analysis.walk.LayerEntry;
import dev.gantry.analysis.walk.LayerSummary;
import dev.gantry.digest.DigestAlgorithm;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a {@link FileIndex} from a walk, applying each layer's entries with overlay semantics
 * (image-spec layer.md): whiteouts and opaque markers affect lower layers only, a non-directory
 * written over a directory removes what was below it. Usable as the {@link ImageVisitor} of a
 * walk that also does other work (an entry visitor may call {@link #entry} with an empty stream
 * when it reads the content itself and hashing is off).
 */
public final class IndexBuilder implements ImageVisitor {
    private final PathTree tree = new PathTree();
    private final EventColumns events;
    private final boolean hash;
    private final MessageDigest hasher = DigestAlgorithm.SHA256.newHasher();
    private final byte[] buffer = new byte[1 << 16];
    private final List<LayerStats> layers = new ArrayList<>();
    private final List<HostileEntry> hostile = new ArrayList<>();
    /** Per path: its latest event that says whether it exists (opaque markers excluded), or NONE. */
    private int[] state = new int[1024];
    private int[] lastEvent = new int[1024];
    private int[] first = new int[1024];
    /** Per path: the last layer that wrote something below it (dive's "not a leaf in that layer"). */
    private int[] childLayer = new int[1024];
    private int layer = -1;
    private int layerStart;
    private long added;
    private long modified;
    private long deleted;
    private long hidden;
    private long addedBytes;
    private long modifiedBytes;
    private long deletedBytes;

    /**
     * An empty builder; pass it to
     * {@link dev.gantry.analysis.walk.LayerWalker#walk(dev.gantry.image.Image, ImageVisitor)}, then call
     * {@link #build()}.
     *
     * @param options whether to hash file content (the limits are the walker's business)
     */
    public IndexBuilder(IndexOptions options) {
        this.hash = options.hashContent();
        this.events = new EventColumns(hash);
        Arrays.fill(state, PathTree.NONE);
        Arrays.fill(lastEvent, PathTree.NONE);
        Arrays.fill(first, PathTree.NONE);
        Arrays.fill(childLayer, -1);
    }

    @Override
    public EntryVisitor startLayer(ImageLayer imageLayer) {
        layer = imageLayer.index();
        layerStart = events.count();
        added = modified = deleted = hidden = addedBytes = modifiedBytes = deletedBytes = 0;
        return new EntryVisitor() {
            @Override
            public void entry(LayerEntry entry, InputStream content) throws IOException {
                IndexBuilder.this.entry(entry, content);
            }

            @Override
            public void hostile(HostileEntry entry) {
                hostile.add(entry);
            }
        };
    }

    @Override
    public void endLayer(ImageLayer imageLayer, LayerSummary summary) {
        for (int e = layerStart; e < events.count(); e++) {
            Change c = events.change(e);
            if (c == Change.ADDED || c == Change.MODIFIED || c == Change.DELETED) {
                if (childLayer[events.node(e)] != layer) {
                    events.markLeaf(e);
                }
            }
        }
        layers.add(new LayerStats(imageLayer, summary, added, modified, deleted, hidden, addedBytes, modifiedBytes,
                deletedBytes));
    }

    /**
     * Applies one entry of the current layer (the one {@link #startLayer} began). With hashing on, the content
     * of a regular file is read to its end here.
     *
     * @param entry   the entry, in tar order
     * @param content the file's content; may be an empty stream when hashing is off
     * @throws IOException when the content cannot be read
     */
    public void entry(LayerEntry entry, InputStream content) throws IOException {
        int id = tree.intern(entry.path());
        ensureCapacity();
        markAncestors(id);
        switch (entry.kind()) {
            case WHITEOUT -> whiteout(id);
            case OPAQUE_WHITEOUT -> {
                record(id, Change.MADE_OPAQUE, EntryKind.DIR, 0, entry.mode(), entry.uid(), entry.gid(), null, null,
                        PathTree.NONE, false);
                removeBelow(id, Change.HIDDEN_BY_OPAQUE);
            }
            default -> write(id, entry, content);
        }
    }

    private void write(int id, LayerEntry entry, InputStream content) throws IOException {
        int before = state[id];
        boolean existed = before != PathTree.NONE && events.change(before).leavesPath();
        if (existed && entry.kind() != EntryKind.DIR && events.kind(before) == EntryKind.DIR) {
            removeBelow(id, Change.DELETED_WITH_PARENT);
        }
        Change change = existed && !(events.layer(before) == layer && events.change(before) == Change.ADDED)
                ? Change.MODIFIED : Change.ADDED;
        byte[] sha = hash && entry.kind() == EntryKind.FILE ? sha256(content) : null;
        record(id, change, entry.kind(), entry.size(), entry.mode(), entry.uid(), entry.gid(), entry.linkTarget(), sha,
                PathTree.NONE, true);
        if (change == Change.ADDED) {
            added++;
            addedBytes += entry.size();
        } else {
            modified++;
            modifiedBytes += entry.size();
        }
    }

    private void whiteout(int id) {
        int before = state[id];
        boolean existed = before != PathTree.NONE && events.change(before).leavesPath();
        EntryKind was = existed ? events.kind(before) : EntryKind.WHITEOUT;
        long bytes = existed ? events.size(before) : 0;
        // The whiteout's own event comes first (tar order); a directory's size is known once its subtree is removed.
        int e = record(id, Change.DELETED, was, bytes, 0, 0, 0, null, null, PathTree.NONE, true);
        if (existed && was == EntryKind.DIR) {
            events.setSize(e, bytes + removeBelow(id, Change.DELETED_WITH_PARENT));
        }
        if (existed) {
            deleted++;
            deletedBytes += was == EntryKind.DIR ? 0 : bytes; // a directory's bytes were counted path by path
        }
    }

    /** Removes (or hides) every visible path below {@code id} that a lower layer wrote; returns their file bytes. */
    private long removeBelow(int id, Change how) {
        long[] bytes = {0};
        tree.forEachDescendant(id, n -> {
            int s = state[n];
            if (s != PathTree.NONE && events.change(s).leavesPath() && events.layer(s) < layer) {
                long size = events.size(s);
                record(n, how, events.kind(s), size, 0, 0, 0, null, null, id, true);
                bytes[0] += size;
                if (how == Change.HIDDEN_BY_OPAQUE) {
                    hidden++;
                } else {
                    deleted++;
                }
                deletedBytes += size;
            }
        });
        return bytes[0];
    }

    private int record(int id, Change change, EntryKind kind, long size, int mode, long uid, long gid, String link,
                        byte[] sha, int cause, boolean isState) {
        int e = events.add(id, layer, change, kind, size, mode, uid, gid, link, sha, cause);
        if (lastEvent[id] != PathTree.NONE) {
            events.chain(lastEvent[id], e);
        } else {
            first[id] = e;
        }
        lastEvent[id] = e;
        if (isState) {
            state[id] = e;
        }
        return e;
    }

    private void markAncestors(int id) {
        for (int p = tree.parent(id); p != PathTree.NONE && childLayer[p] != layer; p = tree.parent(p)) {
            childLayer[p] = layer;
        }
    }

    private void ensureCapacity() {
        int n = tree.size();
        if (n > state.length) {
            int old = state.length;
            int grown = Math.max(n, old * 2);
            state = Arrays.copyOf(state, grown);
            lastEvent = Arrays.copyOf(lastEvent, grown);
            first = Arrays.copyOf(first, grown);
            childLayer = Arrays.copyOf(childLayer, grown);
            Arrays.fill(state, old, grown, PathTree.NONE);
            Arrays.fill(lastEvent, old, grown, PathTree.NONE);
            Arrays.fill(first, old, grown, PathTree.NONE);
            Arrays.fill(childLayer, old, grown, -1);
        }
    }

    private byte[] sha256(InputStream content) throws IOException {
        hasher.reset();
        int n;
        while ((n = content.read(buffer)) > 0) {
            hasher.update(buffer, 0, n);
        }
        return hasher.digest();
    }

    /**
     * The index of everything visited so far; the builder may go on, and a later build includes more.
     *
     * @return the index
     */
    public FileIndex build() {
        return new FileIndex(tree, events, Arrays.copyOf(first, tree.size()), Arrays.copyOf(state, tree.size()),
                List.copyOf(layers), List.copyOf(hostile));
    }
}
