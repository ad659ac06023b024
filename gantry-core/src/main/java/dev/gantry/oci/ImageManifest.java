package dev.gantry.oci;

import java.util.List;
import java.util.Map;

/** manifest.md (and Docker schema2, which has the same shape). */
public record ImageManifest(
        int schemaVersion,
        String mediaType,
        String artifactType,
        Descriptor config,
        List<Descriptor> layers,
        Descriptor subject,
        Map<String, String> annotations) {

    public List<Descriptor> layers() {
        return layers == null ? List.of() : layers;
    }
}
