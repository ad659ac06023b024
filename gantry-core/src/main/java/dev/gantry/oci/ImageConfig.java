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
 * strict RFC 3339 parsers reject. Any field may be null when the document leaves it out.
 *
 * @param created      when the image was made, as written (RFC 3339 in well-made images)
 * @param author       who made it
 * @param architecture the CPU architecture in Go's names ({@code amd64}, {@code arm64})
 * @param os           the operating system ({@code linux})
 * @param osVersion    the OS version, for Windows images
 * @param osFeatures   required OS features, for Windows images
 * @param variant      the CPU variant ({@code v8} for arm64)
 * @param config       how a container of this image runs
 * @param rootfs       the layers' diff_ids
 * @param history      one entry per build step; read it through {@link #history()}, never null
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

    /**
     * The {@code config} object: how a container of this image runs. Names are Docker's
     * capitalised ones; any field may be null.
     *
     * @param user         the user (and group) the process runs as, {@code name}, {@code uid} or {@code uid:gid}
     * @param exposedPorts ports as {@code 8080/tcp} keys (values are empty objects)
     * @param env          {@code NAME=value} entries
     * @param entrypoint   the command's fixed start
     * @param cmd          the default arguments, or the command when there is no entrypoint
     * @param volumes      paths as keys (values are empty objects)
     * @param workingDir   the process's working directory
     * @param labels       free-form metadata
     * @param stopSignal   the signal that stops the container, e.g. {@code SIGTERM}
     * @param argsEscaped  a Windows-only flag Docker writes, kept for round trips
     * @param shell        the shell for shell-form instructions (Docker's {@code SHELL})
     * @param healthcheck  Docker's health check object, kept as JSON
     * @param onBuild      instructions for images built from this one (Docker's {@code ONBUILD})
     */
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

    /**
     * The {@code rootfs} object.
     *
     * @param type    always {@code layers} in valid configs
     * @param diffIds the digest of each layer's uncompressed tar, in layer order; read it through {@link #diffIds()}
     */
    public record RootFs(String type, @JsonProperty("diff_ids") List<Digest> diffIds) {
        /** {@return the diff_ids, empty (never null) when the document has none} */
        public List<Digest> diffIds() {
            return diffIds == null ? List.of() : diffIds;
        }
    }

    /**
     * One {@code history} entry: a build step, with or without a layer.
     *
     * @param created    when the step ran, as written
     * @param author     who ran it
     * @param createdBy  the command, e.g. {@code /bin/sh -c apk add curl}
     * @param comment    free text
     * @param emptyLayer true when the step made no layer; read it through {@link #isEmptyLayer()}
     */
    public record History(
            String created,
            String author,
            @JsonProperty("created_by") String createdBy,
            String comment,
            @JsonProperty("empty_layer") Boolean emptyLayer) {

        /** {@return true when the step made no layer (an absent flag means it made one)} */
        public boolean isEmptyLayer() {
            return Boolean.TRUE.equals(emptyLayer);
        }
    }

    /** {@return the history entries, empty (never null) when the document has none} */
    public List<History> history() {
        return history == null ? List.of() : history;
    }

    /** {@return the layers' diff_ids, empty (never null) when the document has none} */
    public List<Digest> diffIds() {
        return rootfs == null ? List.of() : rootfs.diffIds();
    }

    /** {@return the platform the config states, to check an index's claim or pick an image} */
    public Platform platform() {
        return new Platform(architecture, os, osVersion, osFeatures, variant, null);
    }

    /**
     * The history entry that produced each layer, in layer order: entries marked
     * {@code empty_layer} made no layer.
     *
     * @param layerCount how many layers the manifest lists
     * @return exactly {@code layerCount} entries, null where history is shorter than the layer list
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
