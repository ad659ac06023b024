package dev.gantry.registry.storage;

import dev.gantry.error.InvalidInputException;

/** A read or write at an offset the content does not have (past its end, or negative). */
public class InvalidOffsetException extends InvalidInputException {
    private final long offset;
    private final long size;

    /**
     * An exception naming the path and the offset refused.
     *
     * @param path   the storage key read or written
     * @param offset the offset it does not have
     */
    public InvalidOffsetException(String path, long offset) {
        super("invalid offset " + offset + " for storage path " + path);
        this.offset = offset;
        this.size = -1;
    }

    /**
     * An exception naming the path, the offset refused and the size the object really has, as a writer opened
     * at the wrong place reports it.
     *
     * @param path   the storage key written
     * @param offset the offset asked for
     * @param size   the object's size, where a writer may start
     */
    public InvalidOffsetException(String path, long offset, long size) {
        super("invalid offset " + offset + " for storage path " + path + ", which holds " + size + " bytes");
        this.offset = offset;
        this.size = size;
    }

    /**
     * The size the object had when the offset was refused, if known.
     *
     * @return the object's size, or -1 when the exception does not say
     */
    public long size() {
        return size;
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
