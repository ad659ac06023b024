package dev.gantry.oci;

import java.util.List;
import java.util.Map;

/**
 * image-index.md (and Docker's manifest list): manifests for several platforms, or of other kinds.
 * A read-only view of the document; {@link Manifests#parse} makes it and checks every descriptor.
 *
 * @param schemaVersion always 2
 * @param mediaType     the document's declared type, or null when it has none (OCI allows that)
 * @param artifactType  what the index describes when it is an artifact, or null
 * @param manifests     the entries, each with its platform when it is an image; read it through
 *                      {@link #manifests()}, never null
 * @param subject       the manifest this one refers to, or null
 * @param annotations   free-form metadata, or null
 */
public record ImageIndex(
        int schemaVersion,
        String mediaType,
        String artifactType,
        List<Descriptor> manifests,
        Descriptor subject,
        Map<String, String> annotations) {

    /** {@return the entries in document order; empty (never null) when the document has none} */
    public List<Descriptor> manifests() {
        return manifests == null ? List.of() : manifests;
    }
}
