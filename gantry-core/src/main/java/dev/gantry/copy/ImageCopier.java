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

    public ImageCopier(ImageSource source, ImageTarget target, CopyOptions options) {
        this.source = source;
        this.options = options;
        this.writer = new ImageWriter(target, options);
    }

    /** Copies and commits; returns the descriptor of what the target's reference now names. */
    public Descriptor copy() throws IOException {
        return writer.write(selected());
    }

    /** Copies without naming or committing, for a caller that writes an index over several copies. */
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
