package dev.gantry.analysis.walk;

import java.io.IOException;

/** Receives every layer of an image, bottom first, from {@link LayerWalker#walk(dev.gantry.image.Image, ImageVisitor)}. */
public interface ImageVisitor {
    /**
     * A layer is about to be walked.
     *
     * @param layer the layer and its history entry
     * @return the visitor for the layer's entries
     * @throws IOException when the visitor's own reading fails; the walk stops
     */
    EntryVisitor startLayer(ImageLayer layer) throws IOException;

    /**
     * The layer was walked to its end and its digest verified. Does nothing by default.
     *
     * @param layer   the layer walked
     * @param summary its totals
     * @throws IOException when the visitor's own reading fails; the walk stops
     */
    default void endLayer(ImageLayer layer, LayerSummary summary) throws IOException {
    }
}
