package dev.gantry.image;

import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageIndex;

import java.io.IOException;

/** A multi-platform index (or Docker manifest list); children are opened on demand. */
public non-sealed interface Index extends Artifact {
    ImageIndex manifest() throws IOException;

    /** Opens one of this index's children (an image or a nested index). */
    Artifact child(Descriptor descriptor) throws IOException;
}
