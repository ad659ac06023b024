package dev.gantry.analysis.walk;

import java.io.IOException;
import java.io.InputStream;

/** Receives a layer's entries in tar order from {@link LayerWalker}. */
@FunctionalInterface
public interface EntryVisitor {
    /**
     * One entry. {@code content} is a regular file's bytes (empty for every other kind); read it
     * or not, the walker skips what is left. It is only valid during this call and must not be closed.
     */
    void entry(LayerEntry entry, InputStream content) throws IOException;

    /**
     * An entry whose name (or hardlink target) would climb out of the root: never followed, its
     * content skipped. By default the walk stops with {@link UnsafeEntryException}; a scanner
     * that wants to list such entries and go on overrides this.
     */
    default void hostile(HostileEntry entry) {
        throw new UnsafeEntryException(entry);
    }
}
