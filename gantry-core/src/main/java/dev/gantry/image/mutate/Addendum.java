package dev.gantry.image.mutate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.image.Layer;

/**
 * What one step adds to an image: a layer and the history entry describing it, a history
 * entry alone (a step that only changed the config, written with {@code empty_layer: true},
 * as Docker does for ENV or CMD), or a layer alone (no history entry).
 *
 * @param layer   the layer, or null for a config-only step
 * @param history the history entry, or null for none
 */
public record Addendum(Layer layer, History history) {
    /**
     * Checks that the step adds something.
     *
     * @throws IllegalArgumentException when both the layer and the history entry are null
     */
    public Addendum {
        if (layer == null && history == null) {
            throw new IllegalArgumentException("an addendum needs a layer, a history entry or both");
        }
    }

    /**
     * One history entry.
     *
     * @param created   RFC 3339 time, or null to leave it out
     * @param createdBy the command or tool that made the step, or null to leave it out
     * @param comment   free text, or null
     */
    public record History(String created, String createdBy, String comment) {
    }

    /**
     * {@return a step adding a layer, with a history entry describing it}
     *
     * @param layer     the layer
     * @param created   RFC 3339 time, or null to leave it out
     * @param createdBy the command or tool that made it, or null
     * @param comment   free text, or null
     */
    public static Addendum of(Layer layer, String created, String createdBy, String comment) {
        return new Addendum(layer, new History(created, createdBy, comment));
    }

    /**
     * {@return a step adding a layer with no history entry (the config's history then has fewer entries than layers)}
     *
     * @param layer the layer
     */
    public static Addendum of(Layer layer) {
        return new Addendum(layer, null);
    }

    /**
     * {@return a history entry for a step that made no layer, written with {@code empty_layer: true}}
     *
     * @param created   RFC 3339 time, or null to leave it out
     * @param createdBy the instruction, e.g. {@code ENV PATH=/app/bin}, or null
     */
    public static Addendum configOnly(String created, String createdBy) {
        return new Addendum(null, new History(created, createdBy, null));
    }

    /** {@return true for a config-only step, which adds no layer} */
    public boolean emptyLayer() {
        return layer == null;
    }

    void writeHistoryTo(ObjectNode entry) {
        if (history.created() != null) {
            entry.put("created", history.created());
        }
        if (history.createdBy() != null) {
            entry.put("created_by", history.createdBy());
        }
        if (history.comment() != null) {
            entry.put("comment", history.comment());
        }
        if (layer == null) {
            entry.put("empty_layer", true);
        }
    }
}
