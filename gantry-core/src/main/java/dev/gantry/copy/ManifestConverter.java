package dev.gantry.copy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.digest.Digest;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Json;
import dev.gantry.oci.MediaTypes;
import dev.gantry.transport.ManifestFormat;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Rewrites a manifest's media types between the OCI and Docker schema2 families. It edits the
 * JSON tree, so every field it does not know survives; layer bytes are never touched (only
 * their declared types change), so digests of blobs stay valid.
 */
public final class ManifestConverter {
    private ManifestConverter() {
    }

    /**
     * {@return true when a manifest of {@code mediaType} must be rewritten to be stored as {@code format}}
     *
     * @param mediaType the manifest's type
     * @param format    what the target stores
     */
    public static boolean needsConversion(String mediaType, ManifestFormat format) {
        return switch (format) {
            case ANY -> false;
            case OCI -> MediaTypes.isDocker(mediaType);
            case DOCKER -> !MediaTypes.isDocker(mediaType);
        };
    }

    /**
     * Converts an image manifest: its own, its config's and its layers' media types.
     *
     * @param raw    the manifest's bytes
     * @param format the family to convert to
     * @return the converted manifest's bytes (a new digest)
     * @throws dev.gantry.error.UnsupportedFormatException when a type has no twin in {@code format}, or Docker
     *                                                     is asked to carry OCI 1.1 {@code subject}/{@code artifactType}
     */
    public static byte[] convertImage(byte[] raw, ManifestFormat format) {
        UnaryOperator<String> map = mapper(format);
        ObjectNode tree = (ObjectNode) Json.tree(raw, "manifest");
        tree.put("mediaType", map.apply(text(tree, "mediaType", MediaTypes.OCI_MANIFEST)));
        rewriteType(tree.get("config"), map);
        JsonNode layers = tree.get("layers");
        if (layers != null) {
            layers.forEach(layer -> rewriteType(layer, map));
        }
        if (format == ManifestFormat.DOCKER && (tree.has("subject") || tree.has("artifactType"))) {
            throw new dev.gantry.error.UnsupportedFormatException("manifest has OCI 1.1 subject/artifactType fields that Docker schema2 cannot carry");
        }
        return Json.write(tree);
    }

    /**
     * Converts an index whose children were already copied (maybe converted).
     *
     * @param raw      the index's bytes
     * @param format   the family to convert to
     * @param children the children's new descriptors by their old digests; entries not in it are kept
     * @return the converted index's bytes (a new digest)
     */
    public static byte[] convertIndex(byte[] raw, ManifestFormat format, Map<Digest, Descriptor> children) {
        UnaryOperator<String> map = mapper(format);
        ObjectNode tree = (ObjectNode) Json.tree(raw, "index");
        tree.put("mediaType", map.apply(text(tree, "mediaType", MediaTypes.OCI_INDEX)));
        JsonNode manifests = tree.get("manifests");
        if (manifests != null) {
            for (JsonNode child : manifests) {
                if (!(child instanceof ObjectNode node)) {
                    continue;
                }
                Descriptor replacement = children.get(Digest.parse(node.path("digest").asText()));
                if (replacement != null) {
                    node.put("mediaType", replacement.mediaType());
                    node.put("digest", replacement.digest().toString());
                    node.put("size", replacement.size());
                } else {
                    rewriteType(node, map);
                }
            }
        }
        return Json.write(tree);
    }

    private static UnaryOperator<String> mapper(ManifestFormat format) {
        return switch (format) {
            case OCI -> MediaTypes::toOci;
            case DOCKER -> MediaTypes::toDocker;
            case ANY -> UnaryOperator.identity();
        };
    }

    private static void rewriteType(JsonNode node, UnaryOperator<String> map) {
        if (node instanceof ObjectNode object && object.has("mediaType")) {
            object.put("mediaType", map.apply(object.get("mediaType").asText()));
        }
    }

    private static String text(JsonNode tree, String field, String fallback) {
        JsonNode n = tree.get(field);
        return n != null && n.isTextual() ? n.asText() : fallback;
    }
}
