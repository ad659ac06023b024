package dev.gantry.analysis.walk;

import java.io.IOException;
import java.io.InputStream;

/** Receives a layer's entries in tar order from {@link LayerWalker}. */
@FunctionalInterface
public interface EntryVisitor {
    /**
     * One entry. The walker skips what is left of the content afterwards, so a visitor reads only what it
     * needs.
     *
     * @param entry   the entry, its path normalised
     * @param content a regular file's bytes (empty for every other kind); only valid during this call, and not
     *                to be closed
     * @throws IOException when reading the content fails, or the visitor's own I/O does; the walk stops
     */
    void entry(LayerEntry entry, InputStream content) throws IOException;

    /**
     * An entry whose name (or hardlink target) would climb out of the root: never followed, its content
     * skipped. By default the walk stops with {@link UnsafeEntryException}; a scanner that wants to list such
     * entries and go on overrides this.
     *
     * @param entry the refused entry, naming its layer and raw name
     * @throws UnsafeEntryException by default
     */
    default void hostile(HostileEntry entry) {
        throw new UnsafeEntryException(entry);
    }
}
