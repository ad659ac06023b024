package dev.gantry.image;

import dev.gantry.oci.Descriptor;

import java.io.IOException;

/** Something a reference resolves to: an {@link Image} or an {@link Index}. */
public sealed interface Artifact permits Image, Index {
    /** The descriptor of the manifest itself (media type, digest, size). */
    Descriptor descriptor() throws IOException;

    /** The manifest's exact bytes; never re-serialised. */
    byte[] rawManifest() throws IOException;
}
