package dev.gantry.build;

import dev.gantry.copy.CopyListener;
import dev.gantry.copy.CopyOptions;
import dev.gantry.copy.ImageWriter;
import dev.gantry.error.InvalidInputException;
import dev.gantry.image.Artifact;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.mutate.Mutate;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Platform;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-platform index from single-platform images: an index value ({@link Mutate#index})
 * over the images, each with the platform its own config declares, written with its children
 * by {@link ImageWriter} (OCI, or a Docker manifest list with Docker manifests for Docker
 * targets). Two images of one platform are refused: a runtime would pick one
 * of them arbitrarily.
 */
public final class IndexAssembler {
    /**
     * One image in the index.
     *
     * @param source   the source's description, for messages and output
     * @param manifest the descriptor of the manifest as written (converted when the target needed it)
     * @param platform the platform its config declares
     */
    public record Entry(String source, Descriptor manifest, Platform platform) {
    }

    /**
     * What was written.
     *
     * @param index   the index (or manifest list) written as the target's root
     * @param entries its images, in the order given
     */
    public record Result(Descriptor index, List<Entry> entries) {
    }

    /** An assembler; it keeps no state between indexes. */
    public IndexAssembler() {
    }

    /**
     * Writes an index over one image from each source, in order, with its children, and commits it.
     *
     * @param sources sources whose roots are single images; left open
     * @param target  where the index goes: OCI, or a Docker manifest list for Docker targets
     * @return the index and its entries
     * @throws dev.gantry.error.InvalidInputException when there is no source, a root is an index, a config
     *         names no os/architecture, or two images have the same platform
     * @throws IOException when a source cannot be read or the target fails
     */
    public Result assemble(List<ImageSource> sources, ImageTarget target) throws IOException {
        if (sources.isEmpty()) {
            throw new InvalidInputException("an index needs at least one image");
        }
        List<Entry> children = new ArrayList<>();
        List<Mutate.IndexEntry> entries = new ArrayList<>();
        for (ImageSource source : sources) {
            Artifact root = Images.open(source);
            if (!(root instanceof Image image)) {
                throw new InvalidInputException(source.describe() + " is already an index; name one platform's image "
                        + "(gantry copy --platform OS/ARCH) to put it in a new index");
            }
            Platform platform = image.config().platform();
            if (platform == null || platform.os() == null || platform.architecture() == null) {
                throw new InvalidInputException(source.describe() + ": its config names no os/architecture, so it cannot "
                        + "be placed in an index");
            }
            for (Entry previous : children) {
                if (previous.platform().toString().equals(platform.toString())) {
                    throw new InvalidInputException("both " + previous.source() + " and " + source.describe() + " are "
                            + platform + " images; an index holds one image per platform");
                }
            }
            children.add(new Entry(source.describe(), image.descriptor(), platform));
            entries.add(new Mutate.IndexEntry(image, platform));
        }
        // The writer puts each child's manifest (converted when the target needs it) in order, then the index.
        List<Descriptor> manifests = new ArrayList<>();
        CopyListener written = new CopyListener() {
            @Override
            public void manifestWritten(Descriptor manifest) {
                manifests.add(manifest);
            }
        };
        Descriptor index = new ImageWriter(target, new CopyOptions(false, null, null, 3, written)).write(Mutate.index(entries));
        List<Entry> result = new ArrayList<>();
        for (int i = 0; i < children.size(); i++) {
            result.add(new Entry(children.get(i).source(), manifests.get(i), children.get(i).platform()));
        }
        return new Result(index, result);
    }
}
