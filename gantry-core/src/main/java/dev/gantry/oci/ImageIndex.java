package dev.gantry.oci;

import java.util.List;
import java.util.Map;

/** image-index.md (and Docker's manifest list). */
public record ImageIndex(
        int schemaVersion,
        String mediaType,
        String artifactType,
        List<Descriptor> manifests,
        Descriptor subject,
        Map<String, String> annotations) {

    public List<Descriptor> manifests() {
        return manifests == null ? List.of() : manifests;
    }
}
