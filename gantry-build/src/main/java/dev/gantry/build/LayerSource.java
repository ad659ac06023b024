package dev.gantry.build;

import dev.gantry.error.InvalidInputException;
import dev.gantry.transport.files.SafePaths;

import java.nio.file.Path;

/**
 * What one new layer holds: a directory or one file on this machine and where it goes in the image
 * ({@code DIR:/dest}), or a layer tarball added as it is ({@link #tarball}, crane append's).
 *
 * @param source        the directory, file or layer tarball on this machine
 * @param destination   normalised, relative to the image root ("" is the root itself); "" for a tarball
 * @param intoDirectory the destination was written with a trailing slash (or is the root): a single file goes
 *                      inside it under its own name, as Docker's COPY does
 * @param asTarball     the source is a layer tar (plain, gzip or zstd) whose bytes become the layer
 */
public record LayerSource(Path source, String destination, boolean intoDirectory, boolean asTarball) {
    /**
     * A directory or file at a destination; a file goes inside the destination only when it is the root.
     *
     * @param source      the directory or file
     * @param destination normalised, relative to the image root ("" is the root itself)
     */
    public LayerSource(Path source, String destination) {
        this(source, destination, destination.isEmpty(), false);
    }

    /**
     * Parses {@code DIR:/dest}; the last {@code :/} splits, so the local path may hold colons.
     *
     * @param text {@code LOCAL:/DEST}; a trailing slash on DEST puts a single file inside it
     * @return the layer source
     * @throws dev.gantry.error.InvalidInputException when there is no {@code :/} or the destination climbs out
     *         with {@code ..}
     */
    public static LayerSource parse(String text) {
        int split = text.lastIndexOf(":/");
        if (split <= 0) {
            throw new InvalidInputException("layer '" + text + "' must be DIR:/dest, e.g. build/app:/app (the destination is absolute)");
        }
        String dest = text.substring(split + 1);
        String normalised = destination(dest, "layer '" + text + "'");
        return new LayerSource(Path.of(text.substring(0, split)), normalised, normalised.isEmpty() || dest.endsWith("/"), false);
    }

    /**
     * A layer tarball (tar, tar+gzip or tar+zstd) added to the image byte for byte, after a check that its
     * names stay inside the root.
     *
     * @param file the tarball
     * @return the layer source
     */
    public static LayerSource tarball(Path file) {
        return new LayerSource(file, "", true, true);
    }

    /**
     * An absolute path in the image, normalised to a relative one.
     *
     * @param absolute the path, starting with {@code /}
     * @param where    names the argument in errors
     * @return the path without its leading slashes, {@code .} components and trailing slash; "" for the root
     * @throws dev.gantry.error.InvalidInputException when the path is relative or holds {@code ..}, NUL or a
     *         backslash
     */
    public static String destination(String absolute, String where) {
        if (!absolute.startsWith("/")) {
            throw new InvalidInputException(where + ": destination '" + absolute + "' must be absolute");
        }
        String relative = absolute.replaceFirst("^/+", "");
        return relative.isEmpty() || relative.equals(".") ? "" : SafePaths.normalise(relative, where);
    }

    /**
     * The destination as the image sees it.
     *
     * @return the destination with its leading slash
     */
    public String imagePath() {
        return "/" + destination;
    }
}
