package dev.gantry.image;

import dev.gantry.error.NotFoundException;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Platform;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Picks the image for a platform out of an index, failing with the list of platforms that exist. */
public final class PlatformSelector {
    private PlatformSelector() {
    }

    /** Resolves {@code artifact} to one image: itself, or the child of an index (nested indexes searched too) that matches. */
    public static Image select(Artifact artifact, Platform wanted) {
        if (artifact instanceof Image image) {
            return image;
        }
        Index index = (Index) artifact;
        Platform request = wanted != null ? wanted : Platform.host();
        List<String> seen = new ArrayList<>();
        Image found = search(index, request, seen);
        if (found != null) {
            return found;
        }
        throw new NotFoundException("no image for platform " + request + " in index " + index.descriptor().digest()
                + "; it has: " + (seen.isEmpty() ? "no platform-specific images" : String.join(", ", seen))
                + " (choose one with --platform)");
    }

    private static Image search(Index index, Platform request, List<String> seen) {
        for (Descriptor child : index.manifest().manifests()) {
            Artifact opened = null;
            Platform platform = child.platform();
            if (platform == null && dev.gantry.oci.MediaTypes.isImageManifest(child.mediaType())) {
                // Platform missing from the descriptor: the child's config says what it is.
                opened = index.child(child);
                platform = ((Image) opened).config().platform();
            }
            if (platform != null && !"unknown".equals(platform.os()) && !"unknown".equals(platform.architecture())) {
                seen.add(platform.toString());
            }
            if (dev.gantry.oci.MediaTypes.isIndex(child.mediaType())) {
                Image nested = search((Index) index.child(child), request, seen);
                if (nested != null) {
                    return nested;
                }
            } else if (request.satisfiedBy(platform)) {
                return (Image) (opened != null ? opened : index.child(child));
            }
        }
        return null;
    }

    /** The platforms an index offers, as text, for listings. */
    public static String describe(List<Descriptor> children) {
        return children.stream().map(d -> d.platform() == null ? "?" : d.platform().toString()).collect(Collectors.joining(", "));
    }
}
