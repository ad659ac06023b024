package dev.gantry.analysis.index;

import dev.gantry.analysis.walk.ImageLayer;
import dev.gantry.analysis.walk.LayerSummary;

/**
 * One layer's part of the index.
 *
 * @param layer         the layer and its history entry
 * @param summary       entries and bytes read
 * @param added         paths written where nothing was visible
 * @param modified      paths written over a lower layer's
 * @param deleted       paths removed (by their own whiteout or with a directory above them)
 * @param hidden        paths hidden by opaque markers
 * @param addedBytes    file bytes of added paths
 * @param modifiedBytes file bytes of modified paths (the new content)
 * @param deletedBytes  file bytes removed from view
 */
public record LayerStats(ImageLayer layer, LayerSummary summary, long added, long modified, long deleted, long hidden,
                         long addedBytes, long modifiedBytes, long deletedBytes) {
    /**
     * The layer's position.
     *
     * @return its 0-based index, bottom first
     */
    public int index() {
        return layer.index();
    }

    /**
     * dive's layer size: the sum of the tar headers' sizes.
     *
     * @return the layer's regular-file bytes
     */
    public long size() {
        return summary.fileBytes();
    }
}
