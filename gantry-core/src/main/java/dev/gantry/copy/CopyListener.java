package dev.gantry.copy;

import dev.gantry.oci.Descriptor;

/** Hears what a copy does, for progress output. Called from copy worker threads. */
public interface CopyListener {
    CopyListener NONE = new CopyListener() { };

    /** A blob the target already had. */
    default void skipped(Descriptor blob) {
    }

    /** A blob copied and verified. */
    default void copied(Descriptor blob) {
    }

    /** A manifest or index written. */
    default void manifestWritten(Descriptor manifest) {
    }
}
