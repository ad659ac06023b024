package dev.gantry.analysis.index;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Directory sizes for a merged tree: each directory's total is the file bytes visible below it. */
public final class TreeTotals {
    private TreeTotals() {
    }

    /**
     * Totals keyed by directory path, from {@link FileIndex#tree}'s entries.
     *
     * @param tree a merged tree
     * @return for each directory holding visible file bytes, the sum of those bytes below it; the root is not
     *         included
     */
    public static Map<String, Long> of(List<PathEvent> tree) {
        Map<String, Long> totals = new HashMap<>();
        for (PathEvent e : tree) {
            if (e.size() == 0) {
                continue;
            }
            for (int slash = e.path().lastIndexOf('/'); slash > 0; slash = e.path().lastIndexOf('/', slash - 1)) {
                totals.merge(e.path().substring(0, slash), e.size(), Long::sum);
            }
        }
        return totals;
    }
}
