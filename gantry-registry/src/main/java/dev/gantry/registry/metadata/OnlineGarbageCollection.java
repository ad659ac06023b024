package dev.gantry.registry.metadata;

import dev.gantry.digest.Digest;

import java.io.IOException;
import java.time.Duration;

/**
 * A metadata store that collects garbage online, while nodes push and delete: it queues a review
 * for whatever an unlink, untag or delete may have left unreferenced, and a reviewer
 * ({@link #review}) deletes after a delay only what is still unreferenced, deciding in a
 * transaction that a push referencing the same content cannot race. The PostgreSQL store is one.
 *
 * <p>Writers of a blob's bytes go through {@link #storeBlob}, so that a blob the reviewer has
 * just condemned is written again rather than taken for present while its object is deleted.
 */
public interface OnlineGarbageCollection {
    /** Puts a blob's bytes into storage. */
    @FunctionalInterface
    interface BlobWrite {
        /**
         * Writes the bytes.
         *
         * @param trustExisting true when a stored object under the blob's path may be kept as it is; false when it
         *                      is being deleted (or was) and the bytes must be written again
         * @throws IOException when the storage cannot be written
         */
        void write(boolean trustExisting) throws IOException;
    }

    /**
     * Runs {@code write} while holding the blob's lock, so that no reviewer deletes the object meanwhile, then records
     * the blob as live and postpones its review (a push that uploads a blob queued for deletion keeps it).
     *
     * @param digest the blob's digest
     * @param write  puts its bytes into storage
     * @throws IOException when the database or the storage fails; the blob is then not recorded as live
     */
    void storeBlob(Digest digest, BlobWrite write) throws IOException;

    /**
     * Reviews the tasks that are due (their last event older than {@code reviewDelay}) one transaction each: untagged
     * manifests that no index and no present subject needs are deleted from their repository, blobs no manifest in any
     * repository names are condemned with their links, and then the storage objects of condemned blobs are deleted.
     * Several nodes may review at once: each task is taken by one ({@code FOR UPDATE SKIP LOCKED}).
     *
     * @param blobs       the blob store whose objects condemned blobs are deleted from
     * @param reviewDelay how long after its last event a candidate may be deleted; longer than a push takes
     * @param limit       the most tasks to review in this call (a pass stops earlier when nothing more is due)
     * @return what the pass did
     * @throws IOException when the database cannot be reached; tasks reviewed before stay reviewed
     */
    OnlineGcReport review(BlobObjects blobs, Duration reviewDelay, int limit) throws IOException;

    /**
     * Deletes storage objects under {@code /blobs} that the database does not hold as live and that are older than
     * {@code reviewDelay}: objects a crash left between writing them and recording them. Walks the whole store, so it
     * is for an occasional run ({@code gantry gc --config FILE --orphans}), not every pass.
     *
     * @param blobs       the blob store to walk
     * @param reviewDelay how old an unrecorded object must be to go (an upload in progress is recorded at its end)
     * @return what the sweep did
     * @throws IOException when the database or the storage cannot be read
     */
    OnlineGcReport sweepOrphans(BlobObjects blobs, Duration reviewDelay) throws IOException;
}
