package dev.gantry.image.mutate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.NotFoundException;
import dev.gantry.image.Image;
import dev.gantry.image.Layer;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageConfig;
import dev.gantry.oci.ImageManifest;
import dev.gantry.oci.Json;
import dev.gantry.oci.Manifests;
import dev.gantry.oci.MediaTypes;
import dev.gantry.transport.ImageSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An image computed from another one (or from nothing): the parent's config as a JSON tree
 * with an edit applied, the parent's layers (or none) plus added ones, and a fresh OCI
 * manifest over them. Nothing is computed when it is made: the config, the layers' digests
 * and the manifest are worked out on the first question that needs them (normally the
 * writer's), once. Only what this image computed is serialised; the parent's config is
 * edited as a tree, so fields Gantry does not model survive. Blobs it does not own are read
 * through the parent, so a source image's layers still stream straight from their source.
 */
final class EditedImage implements Image {
    private final Image parent;
    private final ObjectNode initialConfig;
    private final boolean dropParentLayers;
    private final List<Layer> added;
    private final ConfigEdit configEdit;
    private final Map<String, String> annotations;

    private byte[] rawConfig;
    private Descriptor configDescriptor;
    private List<Layer> layers;
    private byte[] rawManifest;
    private Descriptor descriptor;
    private ImageManifest manifest;
    private ImageConfig config;

    /**
     * @param parent         the image edited, or null to start from {@code initialConfig} with no layers
     * @param annotations    the manifest's annotations, or null to keep those a computed parent had
     *                       (a source image's manifest annotations describe that manifest and are not inherited)
     */
    EditedImage(Image parent, ObjectNode initialConfig, boolean dropParentLayers, List<Layer> added,
                ConfigEdit configEdit, Map<String, String> annotations) {
        this.parent = parent;
        this.initialConfig = initialConfig == null ? null : initialConfig.deepCopy();
        this.dropParentLayers = dropParentLayers;
        this.added = List.copyOf(added);
        this.configEdit = configEdit;
        this.annotations = annotations == null ? null : Map.copyOf(annotations);
    }

    /** An edit of the config tree; it may read (a parent's config, a layer file's diff_id), hence the IOException. */
    @FunctionalInterface
    interface ConfigEdit {
        void apply(ObjectNode config) throws IOException;
    }

    Map<String, String> annotations() {
        if (annotations != null) {
            return annotations;
        }
        return parent instanceof EditedImage edited ? edited.annotations() : Map.of();
    }

    @Override
    public synchronized List<Layer> layers() throws IOException {
        if (layers == null) {
            List<Layer> all = new ArrayList<>();
            if (parent != null && !dropParentLayers) {
                all.addAll(parent.layers());
            }
            all.addAll(added);
            layers = List.copyOf(all);
        }
        return layers;
    }

    @Override
    public synchronized byte[] rawConfig() throws IOException {
        if (rawConfig == null) {
            ObjectNode tree = parent == null ? initialConfig.deepCopy() : parentConfig(parent);
            if (configEdit != null) {
                configEdit.apply(tree);
            }
            rawConfig = Json.write(tree);
            configDescriptor = new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(rawConfig), rawConfig.length);
        }
        return rawConfig.clone();
    }

    static ObjectNode parentConfig(Image image) throws IOException {
        JsonNode tree = Json.tree(image.rawConfig(), "config " + image.configDescriptor().digest());
        if (!(tree instanceof ObjectNode object)) {
            throw new InvalidInputException("config " + image.configDescriptor().digest() + " is not a JSON object");
        }
        return object;
    }

    @Override
    public synchronized Descriptor configDescriptor() throws IOException {
        rawConfig();
        return configDescriptor;
    }

    @Override
    public synchronized ImageConfig config() throws IOException {
        if (config == null) {
            config = Json.parse(rawConfig(), ImageConfig.class, "computed config " + configDescriptor().digest());
        }
        return config;
    }

    @Override
    public synchronized byte[] rawManifest() throws IOException {
        if (rawManifest == null) {
            ObjectNode tree = Json.mapper().createObjectNode();
            tree.put("schemaVersion", 2);
            tree.put("mediaType", MediaTypes.OCI_MANIFEST);
            tree.set("config", descriptorNode(configDescriptor()));
            ArrayNode array = tree.putArray("layers");
            for (Layer layer : layers()) {
                Descriptor d = layer.descriptor();
                array.add(descriptorNode(d.withMediaType(MediaTypes.toOci(d.mediaType()))));
            }
            Map<String, String> manifestAnnotations = annotations();
            if (!manifestAnnotations.isEmpty()) {
                ObjectNode node = tree.putObject("annotations");
                new TreeMap<>(manifestAnnotations).forEach(node::put);
            }
            rawManifest = Json.write(tree);
            descriptor = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256(rawManifest), rawManifest.length);
            manifest = Manifests.parse(rawManifest, MediaTypes.OCI_MANIFEST, "computed manifest " + descriptor.digest())
                    .manifest();
        }
        return rawManifest.clone();
    }

    @Override
    public synchronized Descriptor descriptor() throws IOException {
        rawManifest();
        return descriptor;
    }

    @Override
    public synchronized ImageManifest manifest() throws IOException {
        rawManifest();
        return manifest;
    }

    @Override
    public InputStream openBlob(Descriptor blob, long offset) throws IOException {
        if (blob.digest().equals(configDescriptor().digest())) {
            return ImageSource.skipTo(new ByteArrayInputStream(rawConfig()), offset);
        }
        for (Layer layer : added) {
            if (layer.digest().equals(blob.digest())) {
                return ImageSource.skipTo(layer.openCompressed(), offset);
            }
        }
        if (parent != null && !dropParentLayers) {
            return parent.openBlob(blob, offset);
        }
        throw new NotFoundException("blob " + blob.digest() + " is not part of computed image " + descriptor().digest());
    }

    /** A descriptor as a manifest names it: type, digest, size, and urls/annotations when present. */
    private static ObjectNode descriptorNode(Descriptor d) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("mediaType", d.mediaType());
        node.put("digest", d.digest().toString());
        node.put("size", d.size());
        if (d.urls() != null && !d.urls().isEmpty()) {
            ArrayNode urls = node.putArray("urls");
            d.urls().forEach(urls::add);
        }
        if (d.annotations() != null && !d.annotations().isEmpty()) {
            ObjectNode annotationsNode = node.putObject("annotations");
            new TreeMap<>(d.annotations()).forEach(annotationsNode::put);
        }
        return node;
    }

    @Override
    public String toString() {
        return "computed image over " + (parent == null ? "nothing" : parent.toString());
    }
}
