package dev.gantry.examples;

import dev.gantry.copy.ImageWriter;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.NotFoundException;
import dev.gantry.image.Images;
import dev.gantry.image.Index;
import dev.gantry.image.mutate.Mutate;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Platform;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.RemoteOptions;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies a multi-platform image keeping only some of its platforms: for example a registry's
 * linux/amd64 + linux/arm64 index to another registry, or to an {@code oci:} layout, as an index
 * of linux/arm64 alone.
 *
 * <pre>CopyPlatforms [--insecure] FROM TO OS/ARCH[/VARIANT]...</pre>
 */
public final class CopyPlatforms {
    private CopyPlatforms() {
    }

    public static void main(String[] args) throws IOException {
        boolean insecure = args.length > 0 && args[0].equals("--insecure");
        List<String> rest = List.of(args).subList(insecure ? 1 : 0, args.length);
        if (rest.size() < 3) {
            System.err.println("usage: CopyPlatforms [--insecure] FROM TO OS/ARCH[/VARIANT]...");
            System.exit(2);
        }
        List<Platform> keep = new ArrayList<>();
        for (String platform : rest.subList(2, rest.size())) {
            keep.add(Platform.parse(platform));
        }
        Descriptor index = copy(rest.get(0), rest.get(1), keep, new RemoteOptions(insecure, null));
        System.out.println(index.digest());
    }

    /**
     * Writes to {@code to} a new index over the images of {@code from}'s index whose platform one
     * of {@code keep} accepts, and returns the new index's descriptor. The images themselves are
     * written as they are (same manifests, same digests); only the index is new.
     */
    public static Descriptor copy(String from, String to, List<Platform> keep, RemoteOptions remote) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(from), remote);
             ImageTarget target = Transports.openTarget(TransportRef.parse(to), null, remote)) {
            if (!(Images.open(source) instanceof Index index)) {
                throw new InvalidInputException(from + " is a single image, not a multi-platform index");
            }
            List<Mutate.IndexEntry> kept = new ArrayList<>();
            List<Platform> present = new ArrayList<>();
            for (Descriptor child : index.manifest().manifests()) {
                Platform platform = child.platform();
                if (platform == null) {
                    continue; // an attestation or another artifact, not a platform's image
                }
                present.add(platform);
                if (keep.stream().anyMatch(wanted -> wanted.satisfiedBy(platform))) {
                    kept.add(new Mutate.IndexEntry(index.child(child), platform));
                }
            }
            if (kept.isEmpty()) {
                throw new NotFoundException(from + " has no image for " + keep + "; it has " + present);
            }
            // Blobs the target lacks are streamed from the source, verified; the index is named last.
            return ImageWriter.write(Mutate.index(kept), target);
        }
    }
}
