package dev.gantry.analysis.diff;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A path whose final state differs between two images.
 *
 * @param path       the path
 * @param type       ADDED (only in the second image), REMOVED (only in the first) or CHANGED
 * @param sizeBefore file bytes in the first image (0 when absent)
 * @param sizeAfter  file bytes in the second image (0 when absent)
 * @param what       for CHANGED: which of kind, content, mode, owner, target differ
 */
public record FileChange(String path, Type type, long sizeBefore, long sizeAfter, List<String> what) {
    /** How the path differs. */
    public enum Type {
        /** Only the second image has the path. */
        ADDED,
        /** Only the first image has the path. */
        REMOVED,
        /** Both have it, with a different kind, content, mode, owner or link target. */
        CHANGED
    }

    /**
     * How many file bytes the path gained from the first image to the second (serialised as {@code sizeDelta}).
     *
     * @return {@code sizeAfter - sizeBefore}; negative when it shrank or went away
     */
    @JsonProperty("sizeDelta")
    public long sizeDelta() {
        return sizeAfter - sizeBefore;
    }
}
