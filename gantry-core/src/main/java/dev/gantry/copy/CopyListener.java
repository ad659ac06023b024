package dev.gantry.copy;

import dev.gantry.oci.Descriptor;

import java.util.Collection;

/** Hears what a copy does, for progress output. Called from copy worker threads. */
public interface CopyListener {
    CopyListener NONE = new CopyListener() { };

    /** The blobs of one image about to be copied (or skipped), before any of them starts. */
    default void planned(Collection<Descriptor> blobs) {
    }

    /** A blob's transfer begins; {@code offset} bytes were kept by an interrupted earlier copy. */
    default void started(Descriptor blob, long offset) {
    }

    /** A blob has {@code done} of its bytes in the target (kept ones included). Called per read: keep it cheap. */
    default void progressed(Descriptor blob, long done) {
    }

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
