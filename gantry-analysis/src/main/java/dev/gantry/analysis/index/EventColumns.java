package dev.gantry.analysis.index;

import dev.gantry.analysis.walk.EntryKind;
import dev.gantry.digest.Digest;
import dev.gantry.digest.DigestAlgorithm;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Every {@link PathEvent} of an index, column by column (about 40 bytes an event, 32 more with
 * content hashes), so a 100k-file image costs megabytes, not a heap of objects. Events of one
 * path are chained through {@code next}; events are appended in layer order.
 */
final class EventColumns {
    private static final EntryKind[] KINDS = EntryKind.values();
    private static final Change[] CHANGES = Change.values();
    private static final int DIGEST_BYTES = 32;

    private final boolean hashes;
    private int count;
    private int[] node = new int[1024];
    private int[] layer = new int[1024];
    private byte[] change = new byte[1024];
    private byte[] kind = new byte[1024];
    private boolean[] leaf = new boolean[1024];
    private long[] size = new long[1024];
    private int[] mode = new int[1024];
    private int[] uid = new int[1024];
    private int[] gid = new int[1024];
    private int[] cause = new int[1024];
    private int[] next = new int[1024];
    private String[] link = new String[1024];
    private byte[] digests;

    EventColumns(boolean hashes) {
        this.hashes = hashes;
        this.digests = hashes ? new byte[1024 * DIGEST_BYTES] : null;
    }

    int count() {
        return count;
    }

    int add(int nodeId, int layerIndex, Change what, EntryKind entryKind, long bytes, int permissions, long owner,
            long group, String target, byte[] sha256, int causeNode) {
        if (count == node.length) {
            grow(count * 2);
        }
        int e = count++;
        node[e] = nodeId;
        layer[e] = layerIndex;
        change[e] = (byte) what.ordinal();
        kind[e] = (byte) entryKind.ordinal();
        size[e] = bytes;
        mode[e] = permissions;
        uid[e] = (int) owner;
        gid[e] = (int) group;
        link[e] = target;
        cause[e] = causeNode;
        next[e] = PathTree.NONE;
        if (hashes && sha256 != null) {
            System.arraycopy(sha256, 0, digests, e * DIGEST_BYTES, DIGEST_BYTES);
        }
        return e;
    }

    private void grow(int n) {
        node = Arrays.copyOf(node, n);
        layer = Arrays.copyOf(layer, n);
        change = Arrays.copyOf(change, n);
        kind = Arrays.copyOf(kind, n);
        leaf = Arrays.copyOf(leaf, n);
        size = Arrays.copyOf(size, n);
        mode = Arrays.copyOf(mode, n);
        uid = Arrays.copyOf(uid, n);
        gid = Arrays.copyOf(gid, n);
        cause = Arrays.copyOf(cause, n);
        next = Arrays.copyOf(next, n);
        link = Arrays.copyOf(link, n);
        if (hashes) {
            digests = Arrays.copyOf(digests, n * DIGEST_BYTES);
        }
    }

    void chain(int from, int to) {
        next[from] = to;
    }

    void setSize(int e, long bytes) {
        size[e] = bytes;
    }

    void markLeaf(int e) {
        leaf[e] = true;
    }

    int node(int e) {
        return node[e];
    }

    int layer(int e) {
        return layer[e];
    }

    Change change(int e) {
        return CHANGES[change[e]];
    }

    EntryKind kind(int e) {
        return KINDS[kind[e]];
    }

    /** True for a direct entry with nothing below it in its own layer: what dive calls a leaf of the layer's tree. */
    boolean leaf(int e) {
        return leaf[e];
    }

    long size(int e) {
        return size[e];
    }

    int next(int e) {
        return next[e];
    }

    /** The event as a record; {@code tree} names its path and cause. */
    PathEvent event(int e, PathTree tree) {
        Digest digest = null;
        if (hashes && kind(e) == EntryKind.FILE && change(e).leavesPath()) {
            digest = new Digest(DigestAlgorithm.SHA256,
                    HexFormat.of().formatHex(digests, e * DIGEST_BYTES, (e + 1) * DIGEST_BYTES));
        }
        return new PathEvent(tree.path(node[e]), layer[e], change(e), kind(e), size[e], mode[e],
                Integer.toUnsignedLong(uid[e]), Integer.toUnsignedLong(gid[e]), link[e], digest,
                cause[e] == PathTree.NONE ? null : tree.path(cause[e]));
    }
}
