package dev.gantry.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.UnsupportedFormatException;

/** Recognises and parses a manifest document whatever its kind, keeping the raw bytes. */
public final class Manifests {
    private Manifests() {
    }

    /**
     * Parses {@code raw} as an image manifest or an index. The media type comes from the
     * document itself; when it has none (allowed by OCI) the shape decides, and {@code hint}
     * (the descriptor's type, may be null) breaks ties.
     */
    public static ParsedManifest parse(byte[] raw, String hint, String where) {
        JsonNode tree = Json.tree(raw, where);
        int schemaVersion = tree.path("schemaVersion").asInt(-1);
        String declared = tree.path("mediaType").isTextual() ? tree.get("mediaType").asText() : null;
        if (schemaVersion == 1 || MediaTypes.isSchema1(declared) || MediaTypes.isSchema1(hint)) {
            throw MediaTypes.schema1();
        }
        if (schemaVersion != 2) {
            throw new InvalidInputException(where + ": schemaVersion must be 2, found " + tree.path("schemaVersion"));
        }
        String type = declared != null ? declared : guessType(tree, hint);
        if (MediaTypes.isIndex(type)) {
            ImageIndex index = Json.parse(raw, ImageIndex.class, where);
            for (Descriptor d : index.manifests()) {
                d.requireValid(where);
            }
            return new ParsedManifest(raw, type, null, index);
        }
        if (MediaTypes.isImageManifest(type) || (declared == null && tree.has("config"))) {
            ImageManifest manifest = Json.parse(raw, ImageManifest.class, where);
            if (manifest.config() == null) {
                throw new InvalidInputException(where + ": image manifest has no config descriptor");
            }
            manifest.config().requireValid(where + " config");
            for (Descriptor d : manifest.layers()) {
                d.requireValid(where + " layer");
            }
            return new ParsedManifest(raw, type, manifest, null);
        }
        throw new UnsupportedFormatException(where + ": unsupported manifest media type " + type);
    }

    private static String guessType(JsonNode tree, String hint) {
        if (hint != null && MediaTypes.isManifest(hint)) {
            return hint;
        }
        if (tree.has("manifests")) {
            return MediaTypes.OCI_INDEX;
        }
        if (tree.has("config")) {
            return MediaTypes.OCI_MANIFEST;
        }
        return hint;
    }
}
