package dev.gantry.analysis.index;

import dev.gantry.analysis.walk.EntryKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * dive's efficiency figures (wagoodman/dive, filetree/efficiency.go and image/image.go) from an
 * index. Every path that is a leaf of some layer's own tree (an entry with nothing below it in
 * that layer) is one occurrence: a write counts its size; a whiteout counts the whole subtree it
 * removed when that was a directory, and 0 when it was a file (the file's earlier size already
 * counted). Per path: cumulative = sum of occurrences, minimum = smallest occurrence.
 * score = sum of minimums / sum of cumulatives (1 when both are 0); wasted bytes = sum of the
 * cumulatives of paths that occur in two or more layers (the kept copy included, as dive does).
 * Known departures, all on malformed or unusual layers: dive stops counting a layer at a whiteout
 * of a path that does not exist (here it counts 0 and goes on), and its stacked tree ignores
 * opaque markers (here hidden files are not in a later whiteout's subtree).
 */
final class DiveEfficiency {
    private DiveEfficiency() {
    }

    static Efficiency of(FileIndex index) {
        EventColumns events = index.events();
        int paths = index.pathCount();
        long[] cumulative = new long[paths];
        long[] minimum = new long[paths];
        int[] occurrences = new int[paths];
        Arrays.fill(minimum, -1);
        for (int e = 0; e < events.count(); e++) {
            if (!events.leaf(e)) {
                continue;
            }
            int node = events.node(e);
            long size = events.change(e) == Change.DELETED && events.kind(e) != EntryKind.DIR ? 0 : events.size(e);
            cumulative[node] += size;
            minimum[node] = minimum[node] < 0 ? size : Math.min(minimum[node], size);
            occurrences[node]++;
        }
        long minSum = 0;
        long cumSum = 0;
        long wasted = 0;
        List<Integer> inefficient = new ArrayList<>();
        for (int n = 0; n < paths; n++) {
            if (occurrences[n] == 0) {
                continue;
            }
            minSum += minimum[n];
            cumSum += cumulative[n];
            if (occurrences[n] >= 2) {
                wasted += cumulative[n];
                inefficient.add(n);
            }
        }
        List<List<Integer>> layersOf = new ArrayList<>();
        int[] slot = new int[paths];
        Arrays.fill(slot, -1);
        for (int n : inefficient) {
            slot[n] = layersOf.size();
            layersOf.add(new ArrayList<>());
        }
        for (int e = 0; e < events.count(); e++) {
            if (events.leaf(e) && slot[events.node(e)] >= 0) {
                layersOf.get(slot[events.node(e)]).add(events.layer(e));
            }
        }
        List<Efficiency.Inefficiency> list = new ArrayList<>();
        for (int n : inefficient) {
            list.add(new Efficiency.Inefficiency(index.pathOf(n), occurrences[n], cumulative[n],
                    List.copyOf(layersOf.get(slot[n]))));
        }
        list.sort(Comparator.comparingLong(Efficiency.Inefficiency::cumulativeSize).reversed()
                .thenComparing(Efficiency.Inefficiency::path));
        long size = 0;
        long userSize = 0;
        for (LayerStats layer : index.layers()) {
            size += layer.size();
            userSize += layer.index() == 0 ? 0 : layer.size();
        }
        double score = cumSum == 0 ? 1.0 : (double) minSum / cumSum;
        return new Efficiency(score, size, userSize, wasted, (double) wasted / userSize, List.copyOf(list));
    }
}
