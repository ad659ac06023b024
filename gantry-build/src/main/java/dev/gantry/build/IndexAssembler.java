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
    // Explicit because the class is exported: it holds no state, each assemble() stands alone.
    public IndexAssembler() {
    }

    /** One image in the index: its source's description and the descriptor written. */
    public record Entry(String source, Descriptor manifest, Platform platform) {
    }

    public record Result(Descriptor index, List<Entry> entries) {
    }

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
