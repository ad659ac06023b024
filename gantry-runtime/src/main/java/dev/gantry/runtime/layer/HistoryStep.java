package dev.gantry.runtime.layer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One history entry of a new image and the layer it made, or none for a step that only
 * changed the config (written as {@code empty_layer: true}, as Docker does for ENV or CMD).
 *
 * @param created RFC 3339 time, or null to leave it out
 * @param comment free text, or null
 */
public record HistoryStep(WrittenLayer layer, String created, String createdBy, String comment) {
    public static HistoryStep configOnly(String created, String createdBy) {
        return new HistoryStep(null, created, createdBy, null);
    }

    public boolean emptyLayer() {
        return layer == null;
    }

    void writeTo(ObjectNode entry) {
        if (created != null) {
            entry.put("created", created);
        }
        entry.put("created_by", createdBy);
        if (comment != null) {
            entry.put("comment", comment);
        }
        if (layer == null) {
            entry.put("empty_layer", true);
        }
    }
}
