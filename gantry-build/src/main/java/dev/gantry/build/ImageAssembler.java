package dev.gantry.build;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.copy.ImageWriter;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.NotFoundException;
import dev.gantry.image.Image;
import dev.gantry.image.Layer;
import dev.gantry.image.mutate.Addendum;
import dev.gantry.image.mutate.Mutate;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.export.FilesystemTarWriter;
import dev.gantry.runtime.layer.LayerCompression;
import dev.gantry.runtime.layer.LayerWriter;
import dev.gantry.runtime.layer.WrittenLayer;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Jib-style assembly: a base (an image, or {@link Mutate#empty} for scratch), one layer per
 * local directory, config edits, as an image value ({@link Mutate}) written to any target. Layers are reproducible ({@link Reproducibility}); each gets a
 * history entry naming its content by diff_id, as Docker's {@code COPY dir:HASH in /dest}
 * does, never by the local path, so the same content on another machine gives the same image.
 */
public final class ImageAssembler {
    /**
     * What to build on top of the base.
     *
     * @param layers      one new layer each, bottom first
     * @param edits       run-config changes, recorded together in one history entry
     * @param annotations manifest annotations; empty for none (OCI targets only)
     * @param setCreated  set the config's {@code created} to the reproducible time
     */
    public record Plan(List<LayerSource> layers, List<ConfigEdit> edits, Map<String, String> annotations,
                       boolean setCreated) {
    }

    private final LayerCompression compression;
    private final Reproducibility reproducibility;
    private final Warnings warnings;
    private final Path tempDir;

    /**
     * An assembler writing layers this way.
     *
     * @param compression     how new layers are compressed
     * @param reproducibility the fixed time, owners and modes of every entry
     * @param warnings        collects what the tar writer could not represent
     * @param tempDir         where layer files are written until the image is (created when missing)
     */
    public ImageAssembler(LayerCompression compression, Reproducibility reproducibility, Warnings warnings, Path tempDir) {
        this.compression = compression;
        this.reproducibility = reproducibility;
        this.warnings = warnings;
        this.tempDir = tempDir;
    }

    /**
     * Builds the image on {@code base}, writes it to {@code target}, names it with the target's reference and
     * commits. Layer files are deleted afterwards, also on failure.
     *
     * @param base   the base image, or {@link Mutate#empty} for scratch
     * @param plan   the layers, config edits and annotations
     * @param tool   starts each history entry's {@code created_by}, e.g. "gantry image create"
     * @param target where the image goes; its format decides the media types
     * @return the manifest and config written
     * @throws dev.gantry.error.InvalidInputException when annotations are asked of a Docker target, or a layer
     *         tarball is unsafe, unreadable, empty or zstd for a Docker target
     * @throws dev.gantry.error.NotFoundException when a layer source does not exist
     * @throws dev.gantry.error.UnsupportedFormatException when zstd compression is asked of a Docker target
     * @throws IOException when a source cannot be read or the target fails
     */
    public ImageWriter.Written assemble(Image base, Plan plan, String tool, ImageTarget target) throws IOException {
        if (!plan.annotations().isEmpty() && target.preferredFormat() == ManifestFormat.DOCKER) {
            throw new InvalidInputException("manifest annotations need an OCI target; " + target.describe()
                    + " writes Docker schema2 manifests, which have no annotations");
        }
        List<WrittenLayer> written = new ArrayList<>();
        try {
            List<Addendum> steps = new ArrayList<>();
            String created = reproducibility.created();
            LayerWriter writer = new LayerWriter(compression, target.preferredFormat());
            for (LayerSource source : plan.layers()) {
                if (source.asTarball()) {
                    Layer layer = LayerTarballs.open(source.source(), target.preferredFormat());
                    steps.add(Addendum.of(layer, created, tool + ": ADD tarball:" + layer.diffId().hex() + " in /", null));
                    continue;
                }
                WrittenLayer layer = writeLayer(writer, source);
                written.add(layer);
                String kind = Files.isDirectory(source.source()) ? "dir" : "file";
                steps.add(Addendum.of(layer, created, tool + ": COPY " + kind + ":" + layer.diffId().hex()
                        + " in " + source.imagePath(), null));
            }
            if (!plan.edits().isEmpty()) {
                steps.add(Addendum.configOnly(created, tool + ": "
                        + plan.edits().stream().map(ConfigEdit::description).collect(Collectors.joining("; "))));
            }
            Image image = Mutate.withConfig(Mutate.append(base, steps), config -> edit(config, plan));
            if (!plan.annotations().isEmpty()) {
                image = Mutate.withAnnotations(image, plan.annotations());
            }
            return ImageWriter.writeImage(image, target);
        } finally {
            for (WrittenLayer layer : written) {
                Files.deleteIfExists(layer.file());
            }
        }
    }

    /** One layer holding {@code source} at its destination, reproducibly. */
    WrittenLayer writeLayer(LayerWriter writer, LayerSource source) throws IOException {
        if (!Files.exists(source.source(), LinkOption.NOFOLLOW_LINKS)) {
            throw new NotFoundException("layer source " + source.source() + " does not exist");
        }
        Path real = source.source().toRealPath();
        // One file into a directory (the root, or a destination written with a trailing slash) keeps its name.
        String destination = source.intoDirectory() && Files.isRegularFile(real)
                ? (source.destination().isEmpty() ? "" : source.destination() + "/") + real.getFileName()
                : source.destination();
        return writer.write(out -> new FilesystemTarWriter(warnings, reproducibility).write(real, destination, out),
                tempDir);
    }

    private void edit(ObjectNode config, Plan plan) {
        plan.edits().forEach(e -> e.applyTo(config));
        if (plan.setCreated()) {
            config.put("created", reproducibility.created());
        }
    }
}
