package dev.gantry.image;

import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageIndex;

import java.io.IOException;

/** A multi-platform index (or Docker manifest list); a child's manifest is read only when {@link #child} opens it. */
public non-sealed interface Index extends Artifact {
    /**
     * {@return the index document}
     *
     * @throws IOException when a computed index cannot read a child's manifest
     */
    ImageIndex manifest() throws IOException;

    /**
     * Opens one of this index's children (an image or a nested index); its manifest is read now,
     * bounded and verified against {@code descriptor}.
     *
     * @param descriptor one of {@link #manifest()}'s entries
     * @return the child
     * @throws dev.gantry.error.NotFoundException       when the source lacks it
     * @throws dev.gantry.error.DigestMismatchException when the stored manifest is not what the index names
     * @throws IOException                              when it cannot be read
     */
    Artifact child(Descriptor descriptor) throws IOException;
}
