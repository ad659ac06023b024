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
    /** What was written: the new manifest, its layer and the layer's diff_id. */
    public record Result(Descriptor manifest, Descriptor layer, Digest diffId, ImageUnpacker.Result source) {
    }

    public static final int DEFAULT_LEVEL = LayerCompression.DEFAULT_GZIP_LEVEL;

    private final ExpansionLimits options;
    private final Warnings warnings;
    private final LayerCompression compression;

    public ImageFlattener(ExpansionLimits options, Warnings warnings) {
        this(options, warnings, DEFAULT_LEVEL);
    }

    /** @param level gzip compression level, 1 (fastest) to 9 (smallest) */
    public ImageFlattener(ExpansionLimits options, Warnings warnings, int level) {
        this.options = options;
        this.warnings = warnings;
        this.compression = LayerCompression.gzip(level);
    }

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
