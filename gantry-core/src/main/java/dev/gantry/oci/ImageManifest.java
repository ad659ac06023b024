package dev.gantry.oci;

import java.util.List;
import java.util.Map;

/**
 * manifest.md (and Docker schema2, which has the same shape): one image's config and layers.
 * A read-only view of the document; {@link Manifests#parse} makes it and checks every descriptor.
 *
 * @param schemaVersion always 2
 * @param mediaType     the document's declared type, or null when it has none (OCI allows that)
 * @param artifactType  what the manifest describes when it is an artifact rather than an image, or null
 * @param config        the config blob (an image config, or an artifact's, possibly the empty descriptor)
 * @param layers        the layers, bottom first; read it through {@link #layers()}, never null
 * @param subject       the manifest this one refers to (a signature's image, say), or null
 * @param annotations   free-form metadata, or null
 */
public record ImageManifest(
        int schemaVersion,
        String mediaType,
        String artifactType,
        Descriptor config,
        List<Descriptor> layers,
        Descriptor subject,
        Map<String, String> annotations) {

    /** {@return the layer descriptors, bottom first; empty (never null) when the document has none} */
    public List<Descriptor> layers() {
        return layers == null ? List.of() : layers;
    }
}
