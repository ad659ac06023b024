package dev.gantry.analysis.index;

import dev.gantry.analysis.walk.EntryKind;
import dev.gantry.digest.Digest;

/**
 * One thing one layer did to one path.
 *
 * @param path       the path
 * @param layer      0-based layer index
 * @param change     what happened
 * @param kind       the entry's kind for writes; for removals, the kind of what was removed
 * @param size       file bytes written; for removals, the bytes removed (a directory's whole visible subtree)
 * @param mode       permission bits of what was written (0 for removals)
 * @param uid        owner of what was written
 * @param gid        group of what was written
 * @param linkTarget symlink or hardlink target, else null
 * @param digest     sha256 of a file's content when the index was built with hashing, else null
 * @param cause      for removals and hiding caused by another path, that path (else null)
 */
public record PathEvent(String path, int layer, Change change, EntryKind kind, long size, int mode, long uid, long gid,
                        String linkTarget, Digest digest, String cause) {
}
