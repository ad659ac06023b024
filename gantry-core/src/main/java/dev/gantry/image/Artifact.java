package dev.gantry.image;

import dev.gantry.oci.Descriptor;

import java.io.IOException;

/**
 * Something a reference resolves to: an {@link Image} or an {@link Index}. Read from a source
 * ({@link Images#open}) or computed ({@link dev.gantry.image.mutate.Mutate}); either way
 * {@link dev.gantry.copy.ImageWriter} writes it to any target.
 */
public sealed interface Artifact permits Image, Index {
    /**
     * {@return the descriptor of the manifest itself (media type, digest, size)}
     * A computed artifact works out its manifest to answer, which may read its parts.
     *
     * @throws IOException when a part the manifest depends on cannot be read
     */
    Descriptor descriptor() throws IOException;

    /**
     * {@return the manifest's exact bytes, a copy; what was read is never re-serialised}
     *
     * @throws IOException when a part the manifest depends on cannot be read
     */
    byte[] rawManifest() throws IOException;
}
