package dev.gantry.copy;

import dev.gantry.oci.Descriptor;

import java.util.Collection;

/**
 * Hears what a copy does, for progress output. Called from copy worker threads, concurrently for
 * different blobs; every method does nothing unless overridden.
 */
public interface CopyListener {
    /** The listener that ignores everything, for copies nobody watches. */
    CopyListener NONE = new CopyListener() { };

    /**
     * The blobs of one image about to be copied (or skipped), before any of them starts.
     *
     * @param blobs the config and layers, each once, foreign layers left out
     */
    default void planned(Collection<Descriptor> blobs) {
    }

    /**
     * A blob's transfer begins (again, from 0, when a target lost what it had received).
     *
     * @param blob   the blob
     * @param offset bytes an interrupted earlier copy left in the target, not sent again
     */
    default void started(Descriptor blob, long offset) {
    }

    /**
     * A blob has more of its bytes in the target. Called per read: keep it cheap.
     *
     * @param blob the blob
     * @param done how many of its bytes are in the target, kept ones included
     */
    default void progressed(Descriptor blob, long done) {
    }

    /**
     * A blob the target already had, so nothing was read.
     *
     * @param blob the blob
     */
    default void skipped(Descriptor blob) {
    }

    /**
     * A blob copied and verified by the target.
     *
     * @param blob the blob
     */
    default void copied(Descriptor blob) {
    }

    /**
     * A manifest or index written (after every blob it names).
     *
     * @param manifest its descriptor as written, converted when the target needed another format
     */
    default void manifestWritten(Descriptor manifest) {
    }
}
