package dev.gantry.oci;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.digest.Digest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * config.md: the image configuration. A read-only projection of the raw bytes, which are what
 * gets written back; {@code created} stays a string because real images carry timestamps that
 * strict RFC 3339 parsers reject.
 */
public record ImageConfig(
        String created,
        String author,
        String architecture,
        String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures,
        String variant,
        ContainerConfig config,
        RootFs rootfs,
        List<History> history) {

    /** The {@code config} object: how a container of this image runs. */
    public record ContainerConfig(
            @JsonProperty("User") String user,
            @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
            @JsonProperty("Env") List<String> env,
            @JsonProperty("Entrypoint") List<String> entrypoint,
            @JsonProperty("Cmd") List<String> cmd,
            @JsonProperty("Volumes") Map<String, Object> volumes,
            @JsonProperty("WorkingDir") String workingDir,
            @JsonProperty("Labels") Map<String, String> labels,
            @JsonProperty("StopSignal") String stopSignal,
            @JsonProperty("ArgsEscaped") Boolean argsEscaped,
            @JsonProperty("Shell") List<String> shell,
            @JsonProperty("Healthcheck") JsonNode healthcheck,
            @JsonProperty("OnBuild") List<String> onBuild) {
    }

    public record RootFs(String type, @JsonProperty("diff_ids") List<Digest> diffIds) {
        public List<Digest> diffIds() {
            return diffIds == null ? List.of() : diffIds;
        }
    }

    public record History(
            String created,
            String author,
            @JsonProperty("created_by") String createdBy,
            String comment,
            @JsonProperty("empty_layer") Boolean emptyLayer) {

        public boolean isEmptyLayer() {
            return Boolean.TRUE.equals(emptyLayer);
        }
    }

    public List<History> history() {
        return history == null ? List.of() : history;
    }

    public List<Digest> diffIds() {
        return rootfs == null ? List.of() : rootfs.diffIds();
    }

    public Platform platform() {
        return new Platform(architecture, os, osVersion, osFeatures, variant, null);
    }

    /**
     * The history entry that produced each layer, in layer order: entries marked
     * {@code empty_layer} made no layer. Null where history is shorter than the layer list.
     */
    public List<History> historyPerLayer(int layerCount) {
        List<History> out = new ArrayList<>();
        for (History h : history()) {
            if (!h.isEmptyLayer()) {
                out.add(h);
            }
        }
        while (out.size() < layerCount) {
            out.add(null);
        }
        return out.subList(0, layerCount);
    }
}
