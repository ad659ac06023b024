package dev.gantry.registry.storage;

import dev.gantry.error.InvalidInputException;

/** A storage key outside the one path pattern every driver accepts; raised before any file is touched. */
public class InvalidStoragePathException extends InvalidInputException {
    /**
     * An exception whose message quotes the key and the pattern it should match.
     *
     * @param path the key refused, possibly null
     */
    public InvalidStoragePathException(String path) {
        super("invalid storage path '" + path + "': expected /component[/component...] of [A-Za-z0-9._-], "
                + "no '.' or '..' components");
    }
}
