package dev.gantry.registry.storage;

import dev.gantry.error.InvalidInputException;

/** A read or write at an offset the content does not have (past its end, or negative). */
public class InvalidOffsetException extends InvalidInputException {
    private final long offset;

    public InvalidOffsetException(String path, long offset) {
        super("invalid offset " + offset + " for storage path " + path);
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
