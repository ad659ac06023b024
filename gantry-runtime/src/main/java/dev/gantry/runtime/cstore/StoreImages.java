package dev.gantry.runtime.cstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.error.InvalidInputException;
import dev.gantry.ref.Reference;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Finding an image in {@code images.json} as podman does: by ID (or {@code @ID}), else by name, else by a unique ID prefix. */
final class StoreImages {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PREFIX = Pattern.compile("[0-9a-f]{3,63}");

    private StoreImages() {
    }

    /**
     * The names an image part may be stored under, most exact first: as written, fully qualified
     * (docker.io/library/NAME:latest, as skopeo stores it) and under {@code localhost/} (as
     * podman stores a name without a registry).
     */
    static List<String> candidateNames(String image) {
        Set<String> names = new LinkedHashSet<>();
        names.add(image);
        Reference ref;
        try {
            ref = Reference.parse(image);
        } catch (InvalidInputException e) {
            return List.copyOf(names);
        }
        names.add(ref.toString());
        if (!image.contains("/") || !image.substring(0, image.indexOf('/')).matches(".*[.:].*|localhost")) {
            String tag = ref.tagOrDefault() != null ? ":" + ref.tagOrDefault() : "";
            names.add("localhost/" + image.replaceFirst(":[^:/]*$", "") + tag);
        }
        return List.copyOf(names);
    }

    /** The image the part names, or null. */
    static ObjectNode find(ArrayNode images, String image) {
        String id = image.startsWith("@") ? image.substring(1) : image;
        if (id.startsWith("sha256:")) {
            id = id.substring("sha256:".length());
        }
        if (ID.matcher(id).matches()) {
            ObjectNode byId = StoreJson.byId(images, id);
            if (byId != null || image.startsWith("@")) {
                return byId;
            }
        }
        for (String name : candidateNames(image)) {
            for (JsonNode record : images) {
                for (JsonNode n : record.path("names")) {
                    if (name.equals(n.asText())) {
                        return (ObjectNode) record;
                    }
                }
            }
        }
        return PREFIX.matcher(id).matches() ? byUniquePrefix(images, id) : null;
    }

    /** An ID prefix, as {@code podman images} prints them (12 characters): the one image whose ID starts with it. */
    private static ObjectNode byUniquePrefix(ArrayNode images, String prefix) {
        ObjectNode found = null;
        for (JsonNode record : images) {
            if (record.path("id").asText().startsWith(prefix)) {
                if (found != null) {
                    throw new InvalidInputException("image ID prefix '" + prefix + "' matches more than one image; give more of it");
                }
                found = (ObjectNode) record;
            }
        }
        return found;
    }

    /** Every name in the store, for a "not found" message. */
    static List<String> allNames(ArrayNode images) {
        List<String> names = new ArrayList<>();
        for (JsonNode record : images) {
            for (JsonNode n : record.path("names")) {
                names.add(n.asText());
            }
        }
        return names;
    }
}
