package dev.gantry.runtime.apply;

import dev.gantry.error.InvalidInputException;

/**
 * A layer entry that would write, link or delete outside the root, or through a symlink:
 * refused before anything is touched. The message names the layer digest and the entry.
 */
public class UnsafeLayerException extends InvalidInputException {
    /**
     * An unsafe-entry error whose message starts with the layer and entry {@code where} names.
     *
     * @param where  the layer and entry being applied
     * @param reason why the entry is refused, appended after the location
     */
    public UnsafeLayerException(EntryContext where, String reason) {
        super(where.describe() + ": " + reason);
    }
}
