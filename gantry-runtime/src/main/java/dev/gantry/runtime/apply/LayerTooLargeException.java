package dev.gantry.runtime.apply;

import dev.gantry.error.LimitExceededException;

/** A layer that expands past its budget (a decompression bomb) or carries oversized tar metadata. */
public class LayerTooLargeException extends LimitExceededException {
    /**
     * An over-budget error whose message starts with the layer and entry {@code where} names.
     *
     * @param where  the layer and entry being applied
     * @param reason which limit was passed, appended after the location
     */
    public LayerTooLargeException(EntryContext where, String reason) {
        super(where.describe() + ": " + reason);
    }
}
