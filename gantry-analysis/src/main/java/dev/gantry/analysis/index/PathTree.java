package dev.gantry.analysis.index;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Every path any layer mentioned, interned to an int id, with parent / first-child / next-sibling
 * links so a directory's subtree can be walked without a node object per path. Columns grow as
 * paths arrive; a path costs its string, a map entry and a few ints.
 */
final class PathTree {
    static final int NONE = -1;
    private final Map<String, Integer> ids = new HashMap<>();
    private String[] paths = new String[1024];
    private int[] parent = new int[1024];
    private int[] firstChild = new int[1024];
    private int[] nextSibling = new int[1024];
    private int size;

    int size() {
        return size;
    }

    String path(int id) {
        return paths[id];
    }

    int parent(int id) {
        return parent[id];
    }

    /** The id of a normalised path, or {@link #NONE}. */
    int find(String path) {
        Integer id = ids.get(path);
        return id == null ? NONE : id;
    }

    /** The id of a normalised, non-empty path, interning it and its ancestors as needed. */
    int intern(String path) {
        Integer known = ids.get(path);
        if (known != null) {
            return known;
        }
        int slash = path.lastIndexOf('/');
        int up = slash < 0 ? NONE : intern(path.substring(0, slash));
        if (size == paths.length) {
            int n = size * 2;
            paths = Arrays.copyOf(paths, n);
            parent = Arrays.copyOf(parent, n);
            firstChild = Arrays.copyOf(firstChild, n);
            nextSibling = Arrays.copyOf(nextSibling, n);
        }
        int id = size++;
        paths[id] = path;
        parent[id] = up;
        firstChild[id] = NONE;
        nextSibling[id] = up == NONE ? NONE : firstChild[up];
        if (up != NONE) {
            firstChild[up] = id;
        }
        ids.put(path, id);
        return id;
    }

    /** Every path strictly below {@code id}, depth first, without recursion. */
    void forEachDescendant(int id, IntConsumer action) {
        int[] stack = new int[16];
        int top = 0;
        for (int c = firstChild[id]; c != NONE; c = nextSibling[c]) {
            if (top == stack.length) {
                stack = Arrays.copyOf(stack, top * 2);
            }
            stack[top++] = c;
        }
        while (top > 0) {
            int n = stack[--top];
            action.accept(n);
            for (int c = firstChild[n]; c != NONE; c = nextSibling[c]) {
                if (top == stack.length) {
                    stack = Arrays.copyOf(stack, top * 2);
                }
                stack[top++] = c;
            }
        }
    }
}
