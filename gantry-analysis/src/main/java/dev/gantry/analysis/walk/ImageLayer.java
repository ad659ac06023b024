package dev.gantry.analysis.walk;

import dev.gantry.image.Image;
import dev.gantry.image.Layer;
import dev.gantry.oci.ImageConfig;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A layer in its image: its 0-based position (bottom first) and the history entry that made it. This is the one
 * place analysis pairs layers with history: entries marked {@code empty_layer} made no layer and are passed
 * over (see {@link ImageConfig#historyPerLayer}).
 *
 * @param index   the layer's 0-based position, bottom first
 * @param layer   the layer
 * @param history the history entry that made it; null when the config's history is shorter than the layer list
 */
public record ImageLayer(int index, Layer layer, ImageConfig.History history) {

    /**
     * The image's layers paired with their history entries.
     *
     * @param image the image; its config is read
     * @return one entry per layer, bottom first
     * @throws IOException when the config or manifest cannot be read from the image's source
     */
    public static List<ImageLayer> of(Image image) throws IOException {
        List<Layer> layers = image.layers();
        List<ImageConfig.History> history = image.config().historyPerLayer(layers.size());
        List<ImageLayer> out = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            out.add(new ImageLayer(i, layers.get(i), history.get(i)));
        }
        return out;
    }

    /**
     * The build step's command, for output that says where a file came from.
     *
     * @return the history's {@code created_by}, or null when the config does not say
     */
    public String createdBy() {
        return history == null ? null : history.createdBy();
    }
}
