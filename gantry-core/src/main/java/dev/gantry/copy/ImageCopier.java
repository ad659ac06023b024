package dev.gantry.copy;

import dev.gantry.image.Artifact;
import dev.gantry.image.Images;
import dev.gantry.image.Index;
import dev.gantry.image.PlatformSelector;
import dev.gantry.oci.Descriptor;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;

import java.io.IOException;

/**
 * Copies an image or index from any source to any target: the source's root opened as a
 * value (one platform picked from an index unless {@code all}) and written with
 * {@link ImageWriter}, which streams only the blobs the target lacks, verified, and names
 * the result last.
 */
public final class ImageCopier {
    private final ImageSource source;
    private final CopyOptions options;
    private final ImageWriter writer;

    /**
     * A copier from one open source to one open target; nothing is read until {@link #copy()}.
     *
     * @param source  where the image is read; its reference's root is copied
     * @param target  where it is written; the caller closes it (a target not committed discards what it received)
     * @param options which platforms, which format, how many blobs at once
     */
    public ImageCopier(ImageSource source, ImageTarget target, CopyOptions options) {
        this.source = source;
        this.options = options;
        this.writer = new ImageWriter(target, options);
    }

    /**
     * Copies and commits.
     *
     * @return the descriptor of what the target's reference now names (converted if the target needed it)
     * @throws dev.gantry.error.NotFoundException          when the reference, or the platform asked for, is not there
     * @throws dev.gantry.error.DigestMismatchException    when a blob or manifest read is not what its descriptor names;
     *                                                     nothing is then tagged in the target
     * @throws dev.gantry.error.UnsupportedFormatException when the target cannot store the image (zstd to Docker, say)
     * @throws IOException                                 when reading or writing fails
     */
    public Descriptor copy() throws IOException {
        return writer.write(selected());
    }

    /**
     * Copies without naming or committing, for a caller that writes an index over several copies.
     *
     * @return the descriptor of what was written
     * @throws IOException when reading or writing fails (and the typed errors of {@link #copy()})
     */
    public Descriptor copyUnnamed() throws IOException {
        return writer.writeUnnamed(selected());
    }

    private Artifact selected() throws IOException {
        Artifact root = Images.open(source);
        if (root instanceof Index index && !options.all()) {
            return PlatformSelector.select(index, options.platform());
        }
        return root;
    }
}
