package dev.gantry.runtime.layer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;
import dev.gantry.image.Layer;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Json;
import dev.gantry.oci.MediaTypes;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Writes a new image = a base + new layers + config edits, to any target: the blobs the target
 * lacks (base layers streamed from their source, verified; new layers from their files), the
 * config, and a manifest in the target's preferred format (OCI when it has none).
 * The config is the base's JSON tree with the new diff_ids and history entries appended and then
 * the caller's edit applied, so unknown fields survive.
 */
public final class ImageAppender {
    /** What was written: the image manifest and its config. */
    public record Result(Descriptor manifest, Descriptor config) {
    }

    /**
     * Everything but the target's root: the image is written but not yet named.
     *
     * @param annotations manifest annotations (OCI only), may be empty
     */
    public Result write(BaseImage base, List<HistoryStep> steps, Consumer<ObjectNode> configEdit,
                        Map<String, String> annotations, ImageTarget target) throws IOException {
        boolean docker = target.preferredFormat() == ManifestFormat.DOCKER;
        if (docker && !annotations.isEmpty()) {
            throw new InvalidInputException("manifest annotations need an OCI target; " + target.describe()
                    + " writes Docker schema2 manifests, which have no annotations");
        }
        ObjectNode config = base.config().deepCopy();
        ObjectNode rootfs = config.get("rootfs") instanceof ObjectNode o ? o : config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.get("diff_ids") instanceof ArrayNode a ? a : rootfs.putArray("diff_ids");
        ArrayNode history = config.get("history") instanceof ArrayNode a ? a : config.putArray("history");
        List<Descriptor> layers = new ArrayList<>();
        for (Layer layer : base.layers()) {
            Descriptor d = layer.descriptor();
            layers.add(d.withMediaType(convert(d.mediaType(), docker)));
            if (!target.hasBlob(d) && !MediaTypes.isNonDistributable(d.mediaType())) {
                try (InputStream in = layer.openCompressed()) {
                    target.putBlob(d, in);
                }
            }
        }
        for (HistoryStep step : steps) {
            step.writeTo(history.addObject());
            if (step.emptyLayer()) {
                continue;
            }
            Descriptor d = step.layer().blob();
            layers.add(d.withMediaType(convert(d.mediaType(), docker)));
            diffIds.add(step.layer().diffId().toString());
            if (!target.hasBlob(d)) {
                try (InputStream in = Files.newInputStream(step.layer().file())) {
                    target.putBlob(d, in);
                }
            }
        }
        configEdit.accept(config);
        byte[] configBytes = Json.write(config);
        Descriptor configDescriptor = new Descriptor(docker ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG,
                Digest.sha256(configBytes), configBytes.length);
        if (!target.hasBlob(configDescriptor)) {
            target.putBlob(configDescriptor, new ByteArrayInputStream(configBytes));
        }
        byte[] manifest = Json.write(manifest(docker, configDescriptor, layers, annotations));
        Descriptor manifestDescriptor = new Descriptor(docker ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST,
                Digest.sha256(manifest), manifest.length);
        target.putManifest(manifestDescriptor, manifest);
        return new Result(manifestDescriptor, configDescriptor);
    }

    /** {@link #write} and then name the image with the target's reference and commit. */
    public Result append(BaseImage base, List<HistoryStep> steps, Consumer<ObjectNode> configEdit,
                         Map<String, String> annotations, ImageTarget target) throws IOException {
        Result result = write(base, steps, configEdit, annotations, target);
        target.setRoot(result.manifest());
        target.commit();
        return result;
    }

    private static String convert(String mediaType, boolean docker) {
        return docker ? MediaTypes.toDocker(mediaType) : MediaTypes.toOci(mediaType);
    }

    private static ObjectNode manifest(boolean docker, Descriptor config, List<Descriptor> layers,
                                       Map<String, String> annotations) {
        ObjectNode manifest = Json.MAPPER.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", docker ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST);
        manifest.set("config", descriptor(config));
        ArrayNode array = manifest.putArray("layers");
        layers.forEach(layer -> array.add(descriptor(layer)));
        if (!annotations.isEmpty()) {
            ObjectNode node = manifest.putObject("annotations");
            new TreeMap<>(annotations).forEach(node::put);
        }
        return manifest;
    }

    private static ObjectNode descriptor(Descriptor d) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("mediaType", d.mediaType());
        node.put("digest", d.digest().toString());
        node.put("size", d.size());
        if (d.urls() != null && !d.urls().isEmpty()) {
            ArrayNode urls = node.putArray("urls");
            d.urls().forEach(urls::add);
        }
        if (d.annotations() != null && !d.annotations().isEmpty()) {
            ObjectNode annotations = node.putObject("annotations");
            new TreeMap<>(d.annotations()).forEach(annotations::put);
        }
        return node;
    }
}
