package dev.gantry.runtime.apply;

import dev.gantry.error.InvalidInputException;

/**
 * A layer that cannot be applied: a corrupt or truncated stream, a digest or diff_id that does
 * not match, a hardlink to nothing, a path the file system refuses. Names the layer and entry.
 */
public class BrokenLayerException extends InvalidInputException {
    /**
     * A broken-layer error whose message starts with the layer and entry {@code where} names.
     *
     * @param where  the layer and entry being applied
     * @param reason what is wrong, appended after the location
     */
    public BrokenLayerException(EntryContext where, String reason) {
        super(where.describe() + ": " + reason);
    }

    /**
     * A broken-layer error caused by a lower-level failure (an I/O error, a file system refusal).
     *
     * @param where  the layer and entry being applied
     * @param reason what is wrong, appended after the location
     * @param cause  the failure that revealed it
     */
    public BrokenLayerException(EntryContext where, String reason, Throwable cause) {
        super(where.describe() + ": " + reason, cause);
    }
}
