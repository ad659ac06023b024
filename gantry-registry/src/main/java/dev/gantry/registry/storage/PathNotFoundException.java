package dev.gantry.registry.storage;

import dev.gantry.error.NotFoundException;

/** A storage path that holds nothing. Callers turn it into BLOB_UNKNOWN, MANIFEST_UNKNOWN and the like. */
public class PathNotFoundException extends NotFoundException {
    private final String path;

    public PathNotFoundException(String path) {
        super("storage path not found: " + path);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
