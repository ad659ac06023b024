package dev.gantry.registry.storage;

import java.io.IOException;

/**
 * A write the storage refused for lack of space (ENOSPC, or a disk quota). The driver has
 * already removed what that write had begun, so nothing half-written stays behind; the caller
 * decides what else to give up (an upload session, say) and answers that storage is full.
 */
public final class StorageFullException extends IOException {
    private final String path;

    /**
     * A refused write of {@code path}.
     *
     * @param path  the storage key whose write was refused
     * @param cause the file system's error (ENOSPC, EDQUOT)
     */
    public StorageFullException(String path, IOException cause) {
        super("no space left in storage to write " + path + " (" + cause.getMessage() + ")", cause);
        this.path = path;
    }

    /**
     * The storage key whose write was refused.
     *
     * @return the key, as the driver was given it
     */
    public String path() {
        return path;
    }
}
