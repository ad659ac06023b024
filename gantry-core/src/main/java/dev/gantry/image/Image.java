package dev.gantry.image;

import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageConfig;
import dev.gantry.oci.ImageManifest;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** A single-platform image: a manifest, its config and its ordered layers, read lazily. */
public non-sealed interface Image extends Artifact {
    ImageManifest manifest() throws IOException;

    default Descriptor configDescriptor() throws IOException {
        return manifest().config();
    }

    /** The config's exact bytes, verified against the manifest's config descriptor. */
    byte[] rawConfig() throws IOException;

    ImageConfig config() throws IOException;

    /** The layers in manifest order, each paired with its diff_id from the config. */
    List<Layer> layers() throws IOException;

    /**
     * The stored bytes of this image's config or one of its layers, from byte {@code offset} on,
     * for a writer: unverified, like {@link dev.gantry.transport.ImageSource#openBlob}, because
     * the target verifies what it stores (an {@code ImageTarget} hashes while writing). Reading
     * through this never fetches the config when only a layer is asked for, so a copy whose
     * target holds everything reads nothing.
     */
    InputStream openBlob(Descriptor blob, long offset) throws IOException;
}
