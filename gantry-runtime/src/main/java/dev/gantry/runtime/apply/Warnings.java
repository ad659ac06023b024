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

    /** @param live called with the first occurrence of each kind as it happens (may be null) */
    public Warnings(Consumer<String> live) {
        this.live = live;
    }

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

    public synchronized boolean isEmpty() {
        return counts.isEmpty();
    }

    /** One line per kind: "device node skipped (not root): 3 entries, e.g. dev/null, dev/zero, dev/tty". */
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
