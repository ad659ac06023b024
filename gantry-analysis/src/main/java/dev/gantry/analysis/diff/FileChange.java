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
    public enum Type { ADDED, REMOVED, CHANGED }

    @JsonProperty("sizeDelta")
    public long sizeDelta() {
        return sizeAfter - sizeBefore;
    }
}
