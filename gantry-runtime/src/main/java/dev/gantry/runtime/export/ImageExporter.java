package dev.gantry.runtime.export;

import dev.gantry.image.Image;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.runtime.apply.ImageUnpacker;
import dev.gantry.runtime.apply.Trees;
import dev.gantry.runtime.apply.Warnings;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An image's merged filesystem as one tar (what {@code docker export} gives for a fresh
 * container). The layers are applied into a private temporary directory first, with all of
 * unpack's checks, because only the applied tree knows what whiteouts removed and which
 * hardlinks survive; the tree is then written in a deterministic order and deleted.
 */
public final class ImageExporter {
    private final ExpansionLimits limits;
    private final Warnings warnings;

    public ImageExporter(ExpansionLimits limits, Warnings warnings) {
        this.limits = limits;
        this.warnings = warnings;
    }

    /** Writes the tar to {@code out} (left open); the temporary tree lives under {@code tempParent}. */
    public ImageUnpacker.Result export(Image image, OutputStream out, Path tempParent) throws IOException {
        Files.createDirectories(tempParent);
        Path temp = Files.createTempDirectory(tempParent, "gantry-export-");
        try {
            ImageUnpacker.Result unpacked = new ImageUnpacker(limits, warnings).applyInto(image, temp);
            new FilesystemTarWriter(warnings).write(temp, out);
            return unpacked;
        } finally {
            Trees.deleteRecursively(temp);
        }
    }
}
