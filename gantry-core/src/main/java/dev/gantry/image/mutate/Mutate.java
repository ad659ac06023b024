package dev.gantry.image.mutate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;
import dev.gantry.image.Artifact;
import dev.gantry.image.Image;
import dev.gantry.image.Index;
import dev.gantry.image.Layer;
import dev.gantry.oci.Json;
import dev.gantry.oci.Platform;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Images as values, as go-containerregistry's {@code mutate} and {@code empty}: each operation
 * returns a new {@link Image} over the one given, computing nothing until the result is read
 * (normally by {@link dev.gantry.copy.ImageWriter}, which writes any image to any target).
 * Results are OCI image manifests; the writer converts them when a target stores Docker
 * schema2. Configs are edited as JSON trees, so fields Gantry does not model survive.
 */
public final class Mutate {
    private Mutate() {
    }

    /**
     * One manifest of an index: an image (or a nested index) and the platform the index says it is for.
     *
     * @param artifact the image or nested index
     * @param platform null for none (an artifact, or a nested index)
     */
    public record IndexEntry(Artifact artifact, Platform platform) {
        /**
         * Checks the artifact is there.
         *
         * @throws NullPointerException when {@code artifact} is null
         */
        public IndexEntry {
            Objects.requireNonNull(artifact, "artifact");
        }
    }

    /**
     * An OCI index over these images, in order; the writer turns it into a Docker manifest list
     * for a Docker target. Platforms are taken as given, not checked against the images' configs.
     *
     * @param entries the manifests, in the order the index lists them
     * @return the index; its children's digests are worked out when its bytes are first needed
     * @throws InvalidInputException when {@code entries} is empty
     */
    public static Index index(List<IndexEntry> entries) {
        if (entries.isEmpty()) {
            throw new InvalidInputException("an index needs at least one image");
        }
        return new ComputedIndex(entries);
    }

    /**
     * {@return an image with no layers and an empty run config, for {@code platform}: the base of a
     * {@code FROM scratch} build}
     *
     * @param platform the platform the config states
     */
    public static Image empty(Platform platform) {
        ObjectNode config = Json.mapper().createObjectNode();
        config.put("architecture", platform.architecture());
        config.put("os", platform.os());
        if (platform.variant() != null && !platform.variant().isEmpty()) {
            config.put("variant", platform.variant());
        }
        config.putObject("config");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids");
        config.putArray("history");
        return new EditedImage(null, config, false, List.of(), null, Map.of());
    }

    /**
     * {@code base} with the addenda's layers on top, their diff_ids appended to
     * {@code rootfs.diff_ids} and their history entries to {@code history} (both created when
     * missing; the config is rewritten even with no addenda, as every computed image's is).
     * Each layer's digests are asked for only when the result is read.
     *
     * @param base    the image built on; its layers are read through it, never copied
     * @param addenda the steps, bottom first
     * @return the new image; reading its config or manifest fails with {@link InvalidInputException}
     *         when an added layer has no diff_id
     */
    public static Image append(Image base, List<Addendum> addenda) {
        Objects.requireNonNull(base, "base");
        List<Addendum> steps = List.copyOf(addenda);
        List<Layer> layers = steps.stream().filter(a -> !a.emptyLayer()).map(Addendum::layer).toList();
        return new EditedImage(base, null, false, layers, config -> appendTo(config, steps), null);
    }

    /**
     * {@return {@code base} with {@code layers} on top and no history entries for them}
     *
     * @param base   the image built on
     * @param layers the layers, bottom first
     */
    public static Image append(Image base, Layer... layers) {
        return append(base, Arrays.stream(layers).map(Addendum::of).toList());
    }

    /**
     * {@return {@code base} with its config edited as a JSON tree (the edit gets a copy; unknown fields stay unless it removes them)}
     * The edit runs when the result's config is first needed, once.
     *
     * @param base the image edited
     * @param edit changes the config tree in place; it must do no I/O
     */
    public static Image withConfig(Image base, Consumer<ObjectNode> edit) {
        return new EditedImage(Objects.requireNonNull(base, "base"), null, false, List.of(),
                Objects.requireNonNull(edit, "edit")::accept, null);
    }

    /**
     * {@return {@code base} with exactly these manifest annotations}
     *
     * @param base        the image
     * @param annotations the annotations the new manifest carries (empty for none)
     */
    public static Image withAnnotations(Image base, Map<String, String> annotations) {
        return new EditedImage(Objects.requireNonNull(base, "base"), null, false, List.of(), null, annotations);
    }

    /**
     * {@code base}'s config with no layers: {@code rootfs} becomes an empty layer list and
     * {@code history} empty, everything else kept (flatten starts here).
     *
     * @param base the image whose config is kept
     * @return the image without layers
     */
    public static Image withoutLayers(Image base) {
        return new EditedImage(Objects.requireNonNull(base, "base"), null, true, List.of(), Mutate::clearLayers, null);
    }

    /**
     * {@return {@code base}'s config over the addenda's layers only: its own layers and history are dropped}
     *
     * @param base    the image whose config is kept
     * @param addenda the new layers (a flattened one, say), bottom first
     */
    public static Image replaceLayers(Image base, List<Addendum> addenda) {
        return append(withoutLayers(base), addenda);
    }

    /**
     * {@code image} moved from {@code oldBase} onto {@code newBase}, as crane's rebase: the layers
     * {@code image} has above {@code oldBase}'s are put over {@code newBase}'s, with their history
     * entries after {@code newBase}'s; the rest of {@code image}'s config is kept, but the platform
     * ({@code os}, {@code architecture}, {@code variant}, {@code os.version}) is the new base's.
     * Refused when {@code image}'s first layers are not {@code oldBase}'s.
     *
     * @param image   the image to move
     * @param oldBase the base it was built on
     * @param newBase the base to put under it instead
     * @return the rebased image; its config is worked out when first needed
     * @throws InvalidInputException when {@code image} does not start with {@code oldBase}'s layers
     * @throws IOException           when a layer list (and so a config) cannot be read
     */
    public static Image rebase(Image image, Image oldBase, Image newBase) throws IOException {
        List<Layer> layers = image.layers();
        List<Layer> oldLayers = oldBase.layers();
        if (oldLayers.size() > layers.size()) {
            throw new InvalidInputException("image " + image.descriptor().digest() + " has " + layers.size()
                    + " layer(s), fewer than the old base's " + oldLayers.size() + "; it is not based on it");
        }
        for (int i = 0; i < oldLayers.size(); i++) {
            Digest mine = layers.get(i).digest();
            Digest theirs = oldLayers.get(i).digest();
            if (!mine.equals(theirs)) {
                throw new InvalidInputException("image " + image.descriptor().digest() + " is not based on "
                        + oldBase.descriptor().digest() + ": its layer " + (i + 1) + " is " + mine + ", the old base's is " + theirs);
            }
        }
        List<Layer> top = layers.subList(oldLayers.size(), layers.size());
        List<Layer> rebased = new ArrayList<>(newBase.layers());
        rebased.addAll(top);
        return new EditedImage(image, null, true, rebased, config -> rebaseConfig(config, oldBase, newBase, top), null);
    }

    private static void rebaseConfig(ObjectNode config, Image oldBase, Image newBase, List<Layer> top) throws IOException {
        ObjectNode newConfig = EditedImage.parentConfig(newBase);
        ObjectNode oldConfig = EditedImage.parentConfig(oldBase);
        for (String field : List.of("architecture", "os", "variant", "os.version")) {
            JsonNode value = newConfig.get(field);
            if (value == null) {
                config.remove(field);
            } else {
                config.set(field, value.deepCopy());
            }
        }
        ArrayNode diffIds = Json.mapper().createArrayNode();
        newConfig.path("rootfs").path("diff_ids").forEach(d -> diffIds.add(d.deepCopy()));
        for (Layer layer : top) {
            diffIds.add(diffIdOf(layer).toString());
        }
        ArrayNode history = Json.mapper().createArrayNode();
        newConfig.path("history").forEach(h -> history.add(h.deepCopy()));
        int inherited = oldConfig.path("history").size();
        JsonNode own = config.path("history");
        for (int i = inherited; i < own.size(); i++) {
            history.add(own.get(i).deepCopy());
        }
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.set("diff_ids", diffIds);
        config.set("history", history);
    }

    private static void appendTo(ObjectNode config, List<Addendum> addenda) throws IOException {
        ObjectNode rootfs = config.get("rootfs") instanceof ObjectNode o ? o : config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.get("diff_ids") instanceof ArrayNode a ? a : rootfs.putArray("diff_ids");
        ArrayNode history = config.get("history") instanceof ArrayNode a ? a : config.putArray("history");
        if (addenda.stream().anyMatch(a -> a.history() != null)) {
            // History entries pair with layers in order (empty_layer ones skipped): a base whose layers
            // have fewer entries (umoci, hand-made images) gets blank ones first, or the new entries
            // would describe the base's layers.
            long described = 0;
            for (JsonNode entry : history) {
                described += entry.path("empty_layer").asBoolean(false) ? 0 : 1;
            }
            for (long missing = diffIds.size() - described; missing > 0; missing--) {
                history.addObject();
            }
        }
        for (Addendum addendum : addenda) {
            if (addendum.history() != null) {
                addendum.writeHistoryTo(history.addObject());
            }
            if (!addendum.emptyLayer()) {
                diffIds.add(diffIdOf(addendum.layer()).toString());
            }
        }
    }

    private static void clearLayers(ObjectNode config) {
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids");
        config.putArray("history");
    }

    private static Digest diffIdOf(Layer layer) throws IOException {
        Digest diffId = layer.diffId();
        if (diffId == null) {
            throw new InvalidInputException("layer " + layer.digest() + " has no diff_id; an image's config must name one per layer");
        }
        return diffId;
    }
}
