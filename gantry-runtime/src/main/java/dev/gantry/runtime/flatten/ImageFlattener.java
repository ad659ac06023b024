package dev.gantry.runtime.flatten;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.copy.ImageWriter;
import dev.gantry.digest.Digest;
import dev.gantry.image.Image;
import dev.gantry.image.mutate.Addendum;
import dev.gantry.image.mutate.Mutate;
import dev.gantry.oci.Descriptor;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.oci.Json;
import dev.gantry.runtime.apply.ImageUnpacker;
import dev.gantry.runtime.apply.Trees;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.export.FilesystemTarWriter;
import dev.gantry.runtime.layer.LayerCompression;
import dev.gantry.runtime.layer.LayerWriter;
import dev.gantry.runtime.layer.TarContent;
import dev.gantry.runtime.layer.WrittenLayer;
import dev.gantry.transport.ImageTarget;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Rewrites an image as a single gzip layer holding its merged filesystem. The config is the
 * source's own JSON with only two edits, so every other field (Entrypoint, Env, Labels,
 * platform, unknown extensions) is kept: {@code rootfs.diff_ids} becomes the one new diff_id,
 * and {@code history} collapses into one entry that names the source manifest's digest and
 * keeps the source's creation time. The layer is deterministic (see
 * {@link FilesystemTarWriter}), so flattening the same image twice gives the same digests.
 */
public final class ImageFlattener {
    /**
     * What was written.
     *
     * @param manifest the new image's manifest, as written to the target
     * @param layer    the one layer's blob descriptor (compressed)
     * @param diffId   the layer's uncompressed digest
     * @param source   what applying the source image's layers did
     */
    public record Result(Descriptor manifest, Descriptor layer, Digest diffId, ImageUnpacker.Result source) {
    }

    /** The gzip level used when none is given. */
    public static final int DEFAULT_LEVEL = LayerCompression.DEFAULT_GZIP_LEVEL;

    private final ExpansionLimits options;
    private final Warnings warnings;
    private final LayerCompression compression;

    /**
     * A flattener writing gzip at {@link #DEFAULT_LEVEL}.
     *
     * @param options  how far each source layer may expand past its stored size
     * @param warnings collects what the apply and the tar writer could not reproduce
     */
    public ImageFlattener(ExpansionLimits options, Warnings warnings) {
        this(options, warnings, DEFAULT_LEVEL);
    }

    /**
     * A flattener writing gzip at the given level.
     *
     * @param options  how far each source layer may expand past its stored size
     * @param warnings collects what the apply and the tar writer could not reproduce
     * @param level    gzip compression level, 1 (fastest) to 9 (smallest)
     */
    public ImageFlattener(ExpansionLimits options, Warnings warnings, int level) {
        this.options = options;
        this.warnings = warnings;
        this.compression = LayerCompression.gzip(level);
    }

    /**
     * Flattens {@code image} into one layer and writes the new image to {@code target}, committed. The merged
     * tree and the layer file live in a temporary directory under {@code tempParent}, deleted afterwards.
     *
     * @param image      the image to flatten
     * @param target     where the flattened image goes; its preferred format decides the manifest and layer
     *                   types
     * @param tempParent where the temporary files live (created when missing)
     * @return the new manifest and layer
     * @throws dev.gantry.runtime.apply.UnsafeLayerException   when a source layer entry would leave the root
     * @throws dev.gantry.runtime.apply.BrokenLayerException   when a source layer is corrupt or fails
     *         verification
     * @throws dev.gantry.runtime.apply.LayerTooLargeException when a source layer expands past its budget
     * @throws IOException when reading the image, the temporary files or the target fails
     */
    public Result flatten(Image image, ImageTarget target, Path tempParent) throws IOException {
        Files.createDirectories(tempParent);
        Path temp = Files.createTempDirectory(tempParent, "gantry-flatten-");
        try {
            Path rootfs = Files.createDirectory(temp.resolve("rootfs"));
            ImageUnpacker.Result unpacked = new ImageUnpacker(options, warnings).applyInto(image, rootfs);
            WrittenLayer layer = new LayerWriter(compression, target.preferredFormat())
                    .write(TarContent.directory(rootfs, warnings), temp);
            Trees.deleteRecursively(rootfs);
            JsonNode created = Json.tree(image.rawConfig(), "config of " + image.descriptor().digest()).get("created");
            Addendum step = Addendum.of(layer, created != null && created.isTextual() ? created.asText() : null,
                    "gantry flatten", "flattened " + image.layers().size() + " layer(s) of " + image.descriptor().digest());
            Descriptor written = ImageWriter.write(Mutate.replaceLayers(image, List.of(step)), target);
            return new Result(written, layer.blob(), layer.diffId(), unpacked);
        } finally {
            Trees.deleteRecursively(temp);
        }
    }
}
