package dev.gantry.image;

import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageConfig;
import dev.gantry.oci.ImageManifest;

import java.util.List;

/** A single-platform image: a manifest, its config and its ordered layers, read lazily. */
public non-sealed interface Image extends Artifact {
    ImageManifest manifest();

    default Descriptor configDescriptor() {
        return manifest().config();
    }

    /** The config's exact bytes, verified against the manifest's config descriptor. */
    byte[] rawConfig();

    ImageConfig config();

    /** The layers in manifest order, each paired with its diff_id from the config. */
    List<Layer> layers();
}
