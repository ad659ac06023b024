package dev.gantry.transport.archive;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gantry.oci.Descriptor;

import java.util.List;
import java.util.Map;

/** One element of a `docker save` manifest.json: an image's config file, tags and layer files. */
public record DockerSaveEntry(
        @JsonProperty("Config") String config,
        @JsonProperty("RepoTags") List<String> repoTags,
        @JsonProperty("Layers") List<String> layers,
        @JsonProperty("LayerSources") Map<String, Descriptor> layerSources) {

    public List<String> repoTags() {
        return repoTags == null ? List.of() : repoTags;
    }

    public List<String> layers() {
        return layers == null ? List.of() : layers;
    }
}
