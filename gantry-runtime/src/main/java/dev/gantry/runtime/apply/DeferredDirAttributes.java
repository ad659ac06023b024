package dev.gantry.runtime.apply;

import java.io.IOException;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;

/**
 * Directory modes and times, applied once every layer is in: writing a child changes its
 * directory's mtime, and a read-only directory mode would stop later layers (rootless) from
 * writing into it. Forgotten when a later entry or whiteout removes the directory.
 */
final class DeferredDirAttributes {
    record Attributes(int mode, FileTime modified, FileTime accessed) {
    }

    private final TreeMap<String, Attributes> byPath = new TreeMap<>();

    void put(String rel, Attributes attributes) {
        byPath.put(rel, attributes);
    }

    /** Drops {@code rel} and everything below it. */
    void forget(String rel) {
        if (rel.isEmpty()) {
            Attributes root = byPath.get("");
            byPath.clear();
            if (root != null) {
                byPath.put("", root);
            }
            return;
        }
        byPath.remove(rel);
        // '/' + 1 == '0': the range [rel/, rel0) holds exactly the paths below rel.
        byPath.subMap(rel + "/", rel + "0").clear();
    }

    /** Applies children before parents, so a parent's restrictive mode comes last. */
    void applyAll(SafeRoot root, FileMetadata metadata) throws IOException {
        for (Map.Entry<String, Attributes> e : byPath.descendingMap().entrySet()) {
            Attributes a = e.getValue();
            var path = root.path(e.getKey());
            var now = root.lstat(e.getKey());
            if (now == null || !now.isDirectory()) {
                continue; // defensive: every removal forgets its entries, so this should not happen
            }
            metadata.mode(path, a.mode());
            metadata.times(path, a.modified(), a.accessed(), false);
        }
        byPath.clear();
    }
}
