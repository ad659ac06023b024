package dev.gantry.analysis.walk;

import dev.gantry.error.InvalidInputException;

/** A layer holds an entry whose path escapes the root; the walk stopped at it. */
public class UnsafeEntryException extends InvalidInputException {
    private final HostileEntry entry;

    /**
     * An error naming the hostile entry and its layer.
     *
     * @param entry the entry the walk stopped at
     */
    public UnsafeEntryException(HostileEntry entry) {
        super(entry.describe() + "; the layer is malformed or hostile, do not unpack it with tools that follow such paths");
        this.entry = entry;
    }

    /**
     * The entry the walk stopped at.
     *
     * @return the hostile entry
     */
    public HostileEntry entry() {
        return entry;
    }
}
