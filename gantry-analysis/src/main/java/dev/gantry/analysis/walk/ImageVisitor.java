package dev.gantry.analysis.walk;

import java.io.IOException;

/** Receives every layer of an image, bottom first, from {@link LayerWalker#walk(dev.gantry.image.Image, ImageVisitor)}. */
public interface ImageVisitor {
    /** A layer is about to be walked; returns the visitor for its entries. */
    EntryVisitor startLayer(ImageLayer layer) throws IOException;

    /** The layer was walked to its end and its digest verified. */
    default void endLayer(ImageLayer layer, LayerSummary summary) throws IOException {
    }
}
