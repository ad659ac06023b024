package dev.gantry.transport.files;

import dev.gantry.error.InvalidInputException;

/** Normalises the relative paths that archives and manifest.json files name, refusing escapes. */
public final class SafePaths {
    private SafePaths() {
    }

    /**
     * Returns {@code path} without leading "./" and duplicate slashes; refuses absolute paths,
     * ".." components, backslashes and NULs, naming {@code where} the path came from.
     */
    public static String normalise(String path, String where) {
        if (path == null || path.isEmpty()) {
            throw new InvalidInputException(where + ": empty path");
        }
        if (path.startsWith("/")) {
            throw new InvalidInputException(where + ": absolute path '" + path + "' is not allowed");
        }
        if (path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
            throw new InvalidInputException(where + ": path '" + path.replace("\0", "\\0") + "' contains a NUL or backslash");
        }
        StringBuilder out = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new InvalidInputException(where + ": path '" + path + "' climbs out with '..'");
            }
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(part);
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(where + ": path '" + path + "' names no file");
        }
        return out.toString();
    }
}
