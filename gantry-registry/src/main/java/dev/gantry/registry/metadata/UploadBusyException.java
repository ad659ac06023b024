package dev.gantry.registry.metadata;

import java.io.IOException;

/** An upload session another request kept appending to for longer than a request waits for it. */
public final class UploadBusyException extends IOException {
    private final String id;

    /**
     * A session found busy.
     *
     * @param id      the upload session's id
     * @param message what was waited for, and how long
     */
    public UploadBusyException(String id, String message) {
        super(message);
        this.id = id;
    }

    /**
     * The session's id.
     *
     * @return the id
     */
    public String id() {
        return id;
    }
}
