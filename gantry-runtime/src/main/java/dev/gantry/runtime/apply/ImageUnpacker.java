package dev.gantry.runtime.apply;

import dev.gantry.error.InvalidInputException;
import dev.gantry.image.Image;
import dev.gantry.image.Layer;
import dev.gantry.layer.ExpansionLimits;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Unpacks an image's merged root filesystem into a directory.
 *
 * <p>Never a half-applied tree that looks complete: layers are applied into a hidden sibling
 * {@code .NAME.partial-XXXXXXXX}, which is renamed to NAME only after the last layer and the
 * directory attributes are in. A failure deletes the partial directory; a crash leaves only
 * the oddly named partial one (safe to delete), never NAME.
 */
public final class ImageUnpacker {
    /**
     * What an unpack did.
     *
     * @param directory the directory that now holds the root filesystem (absolute, normalised)
     * @param layers    how many layers were applied
     * @param entries   tar entries applied, whiteouts included
     * @param bytes     regular-file bytes written
     * @param warnings  one line per kind of entry skipped or not reproduced (see {@link Warnings#summary()})
     */
    public record Result(Path directory, int layers, long entries, long bytes, List<String> warnings) {
    }

    private final ExpansionLimits limits;
    private final Warnings warnings;

    /**
     * An unpacker applying layers within {@code limits}.
     *
     * @param limits   how far each layer may expand past its stored size (core's decompression-bomb budget)
     * @param warnings collects what could not be reproduced (device nodes without root, refused xattrs); shared
     *                 across the unpacks made with this unpacker
     */
    public ImageUnpacker(ExpansionLimits limits, Warnings warnings) {
        this.limits = limits;
        this.warnings = warnings;
    }

    /**
     * Unpacks the image's merged root filesystem into {@code target}, atomically: the layers go into a hidden
     * {@code .NAME.partial-XXXXXXXX} sibling that is renamed to {@code target} only when complete, and deleted
     * on failure. Every layer's digest, diff_id and expansion budget is verified as it is read.
     *
     * @param image  the image whose layers are applied, bottom first
     * @param target a path that does not exist yet, or an empty directory (its parents are created)
     * @return what was applied, with {@code target} made absolute
     * @throws dev.gantry.error.InvalidInputException when {@code target} exists and is not an empty directory
     * @throws UnsafeLayerException   when an entry would leave the root or write through a symlink
     * @throws BrokenLayerException   when a layer is corrupt, fails its digest or diff_id, or cannot be applied
     * @throws LayerTooLargeException when a layer expands past its budget
     * @throws IOException            when the image's layers cannot be read from its source, or the target's
     *                                file system fails
     */
    public Result unpack(Image image, Path target) throws IOException {
        Path dir = target.toAbsolutePath().normalize();
        boolean existedEmpty = checkTarget(dir);
        Path parent = dir.getParent();
        Files.createDirectories(parent);
        Path partial = parent.resolve("." + dir.getFileName() + ".partial-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 32));
        Files.createDirectory(partial);
        try {
            Result result = applyInto(image, partial);
            if (existedEmpty) {
                Files.delete(dir);
            }
            Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
            return new Result(dir, result.layers(), result.entries(), result.bytes(), result.warnings());
        } catch (IOException | RuntimeException | Error e) {
            try {
                Trees.deleteRecursively(partial);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Applies every layer into an existing empty directory in place, with no partial directory and no rename:
     * for callers that own a private directory already (a temporary export root, a build stage). A failure
     * leaves the directory half-applied.
     *
     * @param image the image whose layers are applied, bottom first
     * @param root  an existing, empty, private directory
     * @return what was applied
     * @throws UnsafeLayerException   when an entry would leave the root or write through a symlink
     * @throws BrokenLayerException   when a layer is corrupt, fails its digest or diff_id, or cannot be applied
     * @throws LayerTooLargeException when a layer expands past its budget
     * @throws IOException            when the image's layers cannot be read from its source, or the root's file
     *                                system fails
     */
    public Result applyInto(Image image, Path root) throws IOException {
        List<Layer> layers = image.layers();
        LayerApplier applier = new LayerApplier(new SafeRoot(root), limits, warnings);
        for (int i = 0; i < layers.size(); i++) {
            applier.apply(layers.get(i), i);
        }
        applier.finish();
        return new Result(root, layers.size(), applier.entries(), applier.bytes(), warnings.summary());
    }

    /** True when the target is an existing empty directory; refuses anything else that exists. */
    private static boolean checkTarget(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException(dir + " exists and is not a directory; unpack needs a new or empty directory");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            if (entries.iterator().hasNext()) {
                throw new InvalidInputException(dir + " is not empty; unpack needs a new or empty directory "
                        + "(layers are never applied over existing files)");
            }
        }
        return true;
    }
}
