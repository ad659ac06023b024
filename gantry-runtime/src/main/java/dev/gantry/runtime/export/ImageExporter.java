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

    /**
     * An exporter whose applies stay within {@code limits}.
     *
     * @param limits   how far each layer may expand past its stored size
     * @param warnings collects what the apply and the tar writer could not reproduce
     */
    public ImageExporter(ExpansionLimits limits, Warnings warnings) {
        this.limits = limits;
        this.warnings = warnings;
    }

    /**
     * Writes the image's merged filesystem to {@code out} as one deterministic tar. The layers are applied,
     * with every check unpack makes, into a temporary directory under {@code tempParent} that is deleted
     * afterwards, also on failure.
     *
     * @param image      the image to export
     * @param out        receives the tar; left open
     * @param tempParent where the temporary tree lives (created when missing); needs room for the whole
     *                   filesystem
     * @return what the apply did
     * @throws dev.gantry.runtime.apply.UnsafeLayerException   when a layer entry would leave the root
     * @throws dev.gantry.runtime.apply.BrokenLayerException   when a layer is corrupt or fails verification
     * @throws dev.gantry.runtime.apply.LayerTooLargeException when a layer expands past its budget
     * @throws IOException when the image cannot be read from its source, or the temporary tree or {@code out}
     *                     fails
     */
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
