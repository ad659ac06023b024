package dev.gantry.registry.metadata;

/**
 * A metadata store that also counts upload slots for every node sharing it, so a limit on
 * concurrent uploads holds across nodes. A store without it leaves each node counting its own
 * ({@link LocalUploadSlots}).
 */
public interface SharedUploadSlots {
    /**
     * The count of open upload sessions kept in this store.
     *
     * @param max the most sessions open at once across all nodes; 0 for no limit
     * @return the slots
     */
    UploadSlots uploadSlots(int max);
}
