package dev.gantry.runtime.apply;

import dev.gantry.layer.EntryName;

import java.util.HashSet;
import java.util.Set;

/**
 * The paths one layer has written so far, and their ancestors. Whiteouts apply only to lower
 * layers (layer.md): a whiteout never removes what its own layer wrote, and an opaque marker
 * that arrives after its siblings keeps them while hiding everything below.
 */
final class LayerTouches {
    private final Set<String> written = new HashSet<>();
    private final Set<String> ancestors = new HashSet<>();

    void add(String rel) {
        written.add(rel);
        String parent = rel;
        while (!parent.isEmpty()) {
            parent = EntryName.parent(parent);
            if (!ancestors.add(parent)) {
                break; // its own ancestors were added with it
            }
        }
    }

    /** This layer wrote exactly this path. */
    boolean wrote(String rel) {
        return written.contains(rel);
    }

    /** This layer wrote something strictly below this path. */
    boolean wroteBelow(String rel) {
        return ancestors.contains(rel);
    }
}
