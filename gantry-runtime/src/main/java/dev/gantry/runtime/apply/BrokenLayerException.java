package dev.gantry.runtime.apply;

import dev.gantry.error.InvalidInputException;

/**
 * A layer that cannot be applied: a corrupt or truncated stream, a digest or diff_id that does
 * not match, a hardlink to nothing, a path the file system refuses. Names the layer and entry.
 */
public class BrokenLayerException extends InvalidInputException {
    public BrokenLayerException(EntryContext where, String reason) {
        super(where.describe() + ": " + reason);
    }

    public BrokenLayerException(EntryContext where, String reason, Throwable cause) {
        super(where.describe() + ": " + reason, cause);
    }
}
