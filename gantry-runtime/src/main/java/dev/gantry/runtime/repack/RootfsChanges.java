package dev.gantry.runtime.repack;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What changed in a root filesystem between two snapshots, in layer terms: the paths whose
 * entries a new layer must hold (added, or changed in any {@code lstat} field), and the paths it
 * must delete with a whiteout: only the highest deleted path of a subtree (a whiteout on a
 * directory hides all below it), and nothing below a path that is now something else (a file
 * over a directory replaces the directory and what was in it).
 *
 * @param added    paths that did not exist before
 * @param modified paths that existed and differ now
 * @param deleted  the paths to white out
 */
public record RootfsChanges(Set<String> added, Set<String> modified, Set<String> deleted) {
    /**
     * Compares two snapshots of the same root.
     *
     * @param before as unpacked
     * @param after  as it is now
     * @return the changes, each set in walk order
     */
    public static RootfsChanges between(RootfsSnapshot before, RootfsSnapshot after) {
        Set<String> added = new LinkedHashSet<>();
        Set<String> modified = new LinkedHashSet<>();
        for (Map.Entry<String, RootfsSnapshot.Stat> now : after.entries().entrySet()) {
            RootfsSnapshot.Stat then = before.entries().get(now.getKey());
            if (then == null) {
                added.add(now.getKey());
            } else if (!then.equals(now.getValue())) {
                modified.add(now.getKey());
            }
        }
        Set<String> deleted = new LinkedHashSet<>();
        for (String path : before.entries().keySet()) {
            if (after.entries().containsKey(path)) {
                continue;
            }
            int slash = path.lastIndexOf('/');
            // A deleted path gets its own whiteout only in a directory that is still a directory; else the
            // whiteout (or the replacement) of an ancestor already covers it.
            RootfsSnapshot.Stat parent = slash < 0 ? null : after.entries().get(path.substring(0, slash));
            if (slash < 0 || (parent != null && parent.isDirectory())) {
                deleted.add(path);
            }
        }
        return new RootfsChanges(Collections.unmodifiableSet(added), Collections.unmodifiableSet(modified),
                Collections.unmodifiableSet(deleted));
    }

    /** {@return the paths whose entries the layer holds: added and modified, in walk order} */
    public Set<String> written() {
        Set<String> all = new LinkedHashSet<>(added);
        all.addAll(modified);
        return all;
    }

    /** {@return true when nothing changed} */
    public boolean isEmpty() {
        return added.isEmpty() && modified.isEmpty() && deleted.isEmpty();
    }
}
