package dev.gantry.runtime.layer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.image.Image;
import dev.gantry.image.Layer;
import dev.gantry.oci.Json;
import dev.gantry.oci.Platform;

import java.util.List;

/**
 * What new layers go on top of: a config as a JSON tree (so fields Gantry does not model
 * survive) and the layers already there. The tree is
 * never edited in place; {@link ImageAppender} works on a copy.
 */
public record BaseImage(ObjectNode config, List<Layer> layers) {
    public BaseImage {
        config = config.deepCopy();
        layers = List.copyOf(layers);
    }

    /** An existing image: its config and layers, kept as they are. */
    public static BaseImage of(Image image) {
        ObjectNode config = (ObjectNode) Json.tree(image.rawConfig(), "config of " + image.descriptor().digest());
        return new BaseImage(config, image.layers());
    }

    /** No layers and an empty run config, for {@code platform}. */
    public static BaseImage scratch(Platform platform) {
        ObjectNode config = Json.MAPPER.createObjectNode();
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
        return new BaseImage(config, List.of());
    }

    /** The same config with no layers: empty {@code rootfs.diff_ids} and no history (flatten starts here). */
    public BaseImage withoutLayers() {
        ObjectNode copy = config.deepCopy();
        ObjectNode rootfs = copy.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids");
        copy.putArray("history");
        return new BaseImage(copy, List.of());
    }
}
