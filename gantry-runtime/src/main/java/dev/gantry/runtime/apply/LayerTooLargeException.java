package dev.gantry.runtime.apply;

import dev.gantry.error.LimitExceededException;

/** A layer that expands past its budget (a decompression bomb) or carries oversized tar metadata. */
public class LayerTooLargeException extends LimitExceededException {
    public LayerTooLargeException(EntryContext where, String reason) {
        super(where.describe() + ": " + reason);
    }
}
