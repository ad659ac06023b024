package dev.gantry.image;

import dev.gantry.digest.Digest;
import dev.gantry.oci.Descriptor;

import java.io.IOException;
import java.util.Optional;

/**
 * Finds the descriptor an image or index gives a blob (config or layer, of any platform, or a
 * manifest), so the blob can be opened and verified with its size and media type: a location
 * is asked only for what its own manifests name, never for an arbitrary digest.
 */
public final class BlobFinder {
    /** Deeper nesting is a loop or an attack, not an image (as {@link PlatformSelector} stops). */
    private static final int MAX_DEPTH = 8;

    private BlobFinder() {
    }

    /**
     * Looks for a digest among what {@code root} names: itself, its config and layers, an index's
     * children and, up to 8 levels down, what they name.
     *
     * @param root   an image or index
     * @param digest the blob or manifest wanted
     * @return its descriptor as the naming document gives it, or empty when nothing there names it
     * @throws IOException when a nested index's or image's manifest cannot be read
     */
    public static Optional<Descriptor> find(Artifact root, Digest digest) throws IOException {
        return Optional.ofNullable(find(root, digest, 0));
    }

    private static Descriptor find(Artifact artifact, Digest digest, int depth) throws IOException {
        if (artifact.descriptor().digest().equals(digest)) {
            return artifact.descriptor();
        }
        if (artifact instanceof Image image) {
            if (image.configDescriptor().digest().equals(digest)) {
                return image.configDescriptor();
            }
            for (Descriptor layer : image.manifest().layers()) {
                if (layer.digest().equals(digest)) {
                    return layer;
                }
            }
            return null;
        }
        Index index = (Index) artifact;
        for (Descriptor child : index.manifest().manifests()) {
            if (child.digest().equals(digest)) {
                return child;
            }
        }
        if (depth >= MAX_DEPTH) {
            return null;
        }
        for (Descriptor child : index.manifest().manifests()) {
            Descriptor found = find(index.child(child), digest, depth + 1);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
