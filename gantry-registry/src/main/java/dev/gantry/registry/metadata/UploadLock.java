package dev.gantry.registry.metadata;

/**
 * The right to append to one upload session, held from before its size is read until its
 * writer is closed, so two requests on the session (on one node or two) never both append:
 * the second one waits, then finds the size the first left and is refused with it (416).
 */
public interface UploadLock extends AutoCloseable {
    /** Gives the session up to the next request. */
    @Override
    void close();
}
