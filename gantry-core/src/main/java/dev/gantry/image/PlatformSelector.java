package dev.gantry.image;

import dev.gantry.error.NotFoundException;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.MediaTypes;
import dev.gantry.oci.Platform;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the image for a platform out of an index (nested indexes searched too), failing with
 * the list of platforms that exist. Among several matches the best wins: a request without a
 * variant prefers the architecture's default variant (arm64/v8, arm/v7) over others, as
 * containerd does, so a host never gets linux/arm/v6 when v7 is offered.
 */
public final class PlatformSelector {
    private PlatformSelector() {
    }

    private record Candidate(Index parent, Descriptor descriptor, Artifact opened, Platform platform) {
    }

    /**
     * Resolves {@code artifact} to one image: itself, or the index child that best matches {@code wanted}.
     * Children without a platform in their descriptor are opened to read it from their config.
     *
     * @param artifact an image or an index
     * @param wanted   the platform asked for, or null for this host's ({@link Platform#host()})
     * @return the image
     * @throws NotFoundException when no child matches; the message lists the platforms the index has
     * @throws IOException       when a child's manifest or config cannot be read
     */
    public static Image select(Artifact artifact, Platform wanted) throws IOException {
        if (artifact instanceof Image image) {
            return image;
        }
        Index index = (Index) artifact;
        Platform request = wanted != null ? wanted : Platform.host();
        List<Candidate> candidates = new ArrayList<>();
        collect(index, candidates, 0);
        Candidate best = null;
        int bestScore = 0;
        for (Candidate c : candidates) {
            int score = score(request, c.platform());
            if (score > bestScore) {
                best = c;
                bestScore = score;
            }
        }
        if (best != null) {
            return (Image) (best.opened() != null ? best.opened() : best.parent().child(best.descriptor()));
        }
        List<String> seen = candidates.stream().map(Candidate::platform)
                .filter(p -> p != null && !"unknown".equals(p.os()) && !"unknown".equals(p.architecture()))
                .map(Platform::toString).distinct().toList();
        throw new NotFoundException("no image for platform " + request + " in index " + index.descriptor().digest()
                + "; it has: " + (seen.isEmpty() ? "no platform-specific images" : String.join(", ", seen))
                + " (choose one with --platform)");
    }

    /**
     * Every platform image of an artifact, in the index's order (nested indexes flattened): the image
     * itself when it is one. For scanning all platforms ({@code gantry vulns --all}).
     *
     * @param artifact an image or an index
     * @return the images, each with its platform in its config
     * @throws IOException when a child's manifest or config cannot be read
     */
    public static List<Image> every(Artifact artifact) throws IOException {
        if (artifact instanceof Image image) {
            return List.of(image);
        }
        List<Candidate> candidates = new ArrayList<>();
        collect((Index) artifact, candidates, 0);
        List<Image> images = new ArrayList<>();
        for (Candidate c : candidates) {
            images.add((Image) (c.opened() != null ? c.opened() : c.parent().child(c.descriptor())));
        }
        return List.copyOf(images);
    }

    private static void collect(Index index, List<Candidate> out, int depth) throws IOException {
        if (depth > 8) {
            return; // an index nesting deeper than this is a loop or an attack, not an image
        }
        for (Descriptor child : index.manifest().manifests()) {
            if (MediaTypes.isIndex(child.mediaType())) {
                collect((Index) index.child(child), out, depth + 1);
            } else if (MediaTypes.isImageManifest(child.mediaType())) {
                Platform platform = child.platform();
                Artifact opened = null;
                if (platform == null) {
                    // Platform missing from the descriptor: the child's config says what it is.
                    opened = index.child(child);
                    platform = ((Image) opened).config().platform();
                }
                out.add(new Candidate(index, child, opened, platform));
            }
        }
    }

    /** 0: no match; 1: matches with another variant; 2: the variant asked for, or the default one. */
    private static int score(Platform request, Platform candidate) {
        if (!request.satisfiedBy(candidate)) {
            return 0;
        }
        if (request.variant() != null && !request.variant().isEmpty()) {
            return 2;
        }
        String variant = candidate.variant();
        String preferred = switch (candidate.architecture()) {
            case "arm64" -> "v8";
            case "arm" -> "v7";
            default -> null;
        };
        return variant == null || variant.isEmpty() || variant.equals(preferred) ? 2 : 1;
    }
}
