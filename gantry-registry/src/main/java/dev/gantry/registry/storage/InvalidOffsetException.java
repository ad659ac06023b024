package dev.gantry.registry.storage;

import dev.gantry.error.InvalidInputException;

/** A read or write at an offset the content does not have (past its end, or negative). */
public class InvalidOffsetException extends InvalidInputException {
    private final long offset;

    /**
     * An exception naming the path and the offset refused.
     *
     * @param path   the storage key read or written
     * @param offset the offset it does not have
     */
    public InvalidOffsetException(String path, long offset) {
        super("invalid offset " + offset + " for storage path " + path);
        this.offset = offset;
    }

    /**
     * The offset that was refused.
     *
     * @return the offset given, possibly negative
     */
    public long offset() {
        return offset;
    }
}
