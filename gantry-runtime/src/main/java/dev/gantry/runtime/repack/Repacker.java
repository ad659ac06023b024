package dev.gantry.runtime.repack;

import dev.gantry.copy.ImageWriter;
import dev.gantry.error.InvalidInputException;
import dev.gantry.image.Image;
import dev.gantry.image.mutate.Addendum;
import dev.gantry.image.mutate.Mutate;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.export.FilesystemTarWriter;
import dev.gantry.runtime.layer.LayerCompression;
import dev.gantry.runtime.layer.LayerWriter;
import dev.gantry.runtime.layer.WrittenLayer;
import dev.gantry.transport.ImageTarget;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code gantry repack}, as umoci's: the edits made to a root filesystem since {@code gantry unpack}
 * wrote it, as one new layer on the image it was unpacked from. What changed is found by comparing
 * the tree with the {@link UnpackRecord}'s snapshot ({@link RootfsChanges}); the layer holds every
 * added or changed path and a {@code .wh.} whiteout per deleted subtree, written with the same tar
 * writer as export and commit ({@link FilesystemTarWriter#writeChanges}), then appended with a
 * history entry ({@link Mutate#append}) and written to any target.
 */
public final class Repacker {
    private final LayerCompression compression;
    private final Warnings warnings;

    /**
     * A repacker writing layers compressed as asked.
     *
     * @param compression how the new layer is compressed
     * @param warnings    collects what the tar writer could not represent (sockets, binary xattrs)
     */
    public Repacker(LayerCompression compression, Warnings warnings) {
        this.compression = compression;
        this.warnings = warnings;
    }

    /**
     * What a repack wrote.
     *
     * @param written the new image's manifest and config
     * @param changes what the new layer holds
     * @param after   the root as it was repacked, for a record that makes the new image the next base
     */
    public record Result(ImageWriter.Written written, RootfsChanges changes, RootfsSnapshot after) {
    }

    /**
     * Writes {@code base} plus one layer of the changes below {@code root} to {@code target} and commits it.
     *
     * @param root      the root filesystem that was unpacked and edited
     * @param record    its unpack record
     * @param base      the image it was unpacked from, already checked to be the one the record names
     * @param target    where the new image goes (committed by this call)
     * @param createdBy the history entry's {@code created_by}
     * @param comment   the history entry's comment, or null
     * @return what was written
     * @throws InvalidInputException when {@code base} is not the image the record names
     * @throws IOException           when the tree cannot be read or the target written
     */
    public Result repack(Path root, UnpackRecord record, Image base, ImageTarget target, String createdBy, String comment)
            throws IOException {
        if (!base.descriptor().digest().equals(record.digest())) {
            throw new InvalidInputException(record.image() + " is now " + base.descriptor().digest() + ", but " + root
                    + " was unpacked from " + record.digest() + ": the edits would land on another image");
        }
        RootfsSnapshot after = RootfsSnapshot.take(root);
        RootfsChanges changes = RootfsChanges.between(record.snapshot(), after);
        Path tmp = Files.createTempDirectory("gantry-repack-");
        try {
            WrittenLayer layer = new LayerWriter(compression, target.preferredFormat()).write(
                    out -> new FilesystemTarWriter(warnings).writeChanges(root, changes.written(), changes.deleted(), out), tmp);
            String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            Image repacked = Mutate.append(base, List.of(Addendum.of(layer, created, createdBy, comment)));
            return new Result(ImageWriter.writeImage(repacked, target), changes, after);
        } finally {
            try (var files = Files.list(tmp)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(tmp);
        }
    }
}
