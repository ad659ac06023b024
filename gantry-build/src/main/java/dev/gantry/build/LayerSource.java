package dev.gantry.build;

import dev.gantry.error.InvalidInputException;
import dev.gantry.transport.files.SafePaths;

import java.nio.file.Path;

/**
 * A directory (or one file) on this machine and where it goes in the image: {@code DIR:/dest}.
 *
 * @param destination normalised, relative to the image root ("" is the root itself)
 */
public record LayerSource(Path source, String destination) {
    /** Parses {@code DIR:/dest}; the last {@code :/} splits, so the local path may hold colons. */
    public static LayerSource parse(String text) {
        int split = text.lastIndexOf(":/");
        if (split <= 0) {
            throw new InvalidInputException("layer '" + text + "' must be DIR:/dest, e.g. build/app:/app (the destination is absolute)");
        }
        return new LayerSource(Path.of(text.substring(0, split)), destination(text.substring(split + 1), "layer '" + text + "'"));
    }

    /** An absolute path in the image, normalised to a relative one; ".." is refused. */
    public static String destination(String absolute, String where) {
        if (!absolute.startsWith("/")) {
            throw new InvalidInputException(where + ": destination '" + absolute + "' must be absolute");
        }
        String relative = absolute.replaceFirst("^/+", "");
        return relative.isEmpty() || relative.equals(".") ? "" : SafePaths.normalise(relative, where);
    }

    /** The destination as the image sees it, with its leading slash. */
    public String imagePath() {
        return "/" + destination;
    }
}
