package dev.gantry.transport.archive;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gantry.oci.Descriptor;

import java.util.List;
import java.util.Map;

/**
 * One element of a {@code docker save} manifest.json: an image's config file, tags and layer files.
 * Paths are as written in the archive; readers pass them through {@code SafePaths} before use.
 *
 * @param config       the config file's path
 * @param repoTags     the image's names ({@code busybox:latest}); read it through {@link #repoTags()}, never null
 * @param layers       the layer files' paths, bottom first; read it through {@link #layers()}, never null
 * @param layerSources foreign layers' descriptors by diff_id, or null
 */
public record DockerSaveEntry(
        @JsonProperty("Config") String config,
        @JsonProperty("RepoTags") List<String> repoTags,
        @JsonProperty("Layers") List<String> layers,
        @JsonProperty("LayerSources") Map<String, Descriptor> layerSources) {

    /** {@return the image's names, empty (never null) for an untagged image} */
    public List<String> repoTags() {
        return repoTags == null ? List.of() : repoTags;
    }

    /** {@return the layer files' paths, bottom first; empty (never null) when the entry has none} */
    public List<String> layers() {
        return layers == null ? List.of() : layers;
    }
}
