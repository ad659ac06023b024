package dev.gantry.runtime.apply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What an unpack skipped or could not reproduce (device nodes when not root, xattrs the file
 * system refuses...). Each kind is reported with its first few paths and a count, so a layer
 * with 10,000 skipped entries yields a few lines, not 10,000.
 */
public final class Warnings {
    private static final int EXAMPLES = 3;

    private final Map<String, List<String>> examples = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final Consumer<String> live;

    /**
     * An empty collection of warnings.
     *
     * @param live called with the first occurrence of each kind as it happens ("kind: path"), or null to only
     *             collect them for {@link #summary()}
     */
    public Warnings(Consumer<String> live) {
        this.live = live;
    }

    /**
     * Records one skipped or unreproduced entry. Thread-safe: unpacks in parallel may share one instance.
     *
     * @param kind what happened, the same text for every entry of that kind (it groups the summary)
     * @param path the entry's path; made printable before it is kept
     */
    public synchronized void add(String kind, String path) {
        int count = counts.merge(kind, 1, Integer::sum);
        List<String> list = examples.computeIfAbsent(kind, k -> new ArrayList<>());
        if (list.size() < EXAMPLES) {
            list.add(EntryContext.printable(path));
        }
        if (count == 1 && live != null) {
            live.accept(kind + ": " + EntryContext.printable(path));
        }
    }

    /**
     * Whether nothing was recorded.
     *
     * @return true when {@link #add} was never called
     */
    public synchronized boolean isEmpty() {
        return counts.isEmpty();
    }

    /**
     * One line per kind, in the order kinds first occurred: "device node skipped (not root): 3 entries, e.g.
     * dev/null, dev/zero, dev/tty" (at most three examples each).
     *
     * @return the lines; empty when nothing was recorded
     */
    public synchronized List<String> summary() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            int n = e.getValue();
            lines.add(e.getKey() + ": " + n + (n == 1 ? " entry" : " entries") + ", e.g. "
                    + String.join(", ", examples.get(e.getKey())));
        }
        return lines;
    }
}
