package dev.gantry.build.containerfile;

import dev.gantry.image.Image;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.runtime.apply.ImageUnpacker;
import dev.gantry.runtime.apply.Warnings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * An image unpacked into a directory (with the runtime's safe layer rules), for the steps
 * that must look into a stage's filesystem without running it: {@code COPY --from} another
 * stage or an image, {@code --chown} by name (the stage's etc/passwd and etc/group), WORKDIR
 * (does the directory exist?).
 */
final class StageTree {
    private StageTree() {
    }

    static Path unpack(Image image, Path directory, Warnings warnings) throws IOException {
        new ImageUnpacker(ExpansionLimits.defaults(), warnings).unpack(image, directory);
        return directory;
    }

    /**
     * Whether the tree has a directory at the relative path, looking only inside it: a path
     * through a symlink counts as present (the symlink's target is the image's business, and
     * following it here could leave the tree).
     */
    static boolean hasDirectory(Path tree, String relative) {
        Path current = tree;
        for (String part : relative.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                return true;
            }
            if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }
}
