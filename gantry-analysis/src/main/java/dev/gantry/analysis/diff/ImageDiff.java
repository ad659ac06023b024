package dev.gantry.analysis.diff;

import dev.gantry.analysis.index.FileIndex;
import dev.gantry.analysis.index.PathEvent;
import dev.gantry.digest.Digest;
import dev.gantry.image.Image;
import dev.gantry.image.Layer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What differs between two images: config fields, files of the final trees (compared by kind,
 * content digest, mode, owner and link target), and the layers both share by digest.
 *
 * @param config       differing config fields
 * @param files        differing paths, in path order
 * @param sharedLayers layer digests present in both images
 */
public record ImageDiff(List<ConfigChange> config, List<FileChange> files, List<Digest> sharedLayers) {

    /**
     * Compares two images: their configs field by field, their final trees path by path, their layers by
     * digest.
     *
     * @param a      the first image
     * @param indexA the first image's index, built with content hashes
     *               ({@link dev.gantry.analysis.index.IndexOptions#withHashes()}), else files with equal sizes
     *               compare equal
     * @param b      the second image
     * @param indexB the second image's index, built with content hashes
     * @return the differences; {@code sharedLayers} in the first image's layer order
     * @throws IOException when an image's config cannot be read from its source
     */
    public static ImageDiff of(Image a, FileIndex indexA, Image b, FileIndex indexB) throws IOException {
        return new ImageDiff(ConfigDiff.of(a.config(), b.config()), files(indexA, indexB), shared(a, b));
    }

    /**
     * Whether the configs and final trees agree (shared layers aside).
     *
     * @return true when no config field and no path differs
     */
    public boolean identical() {
        return config.isEmpty() && files.isEmpty();
    }

    private static List<Digest> shared(Image a, Image b) throws IOException {
        Set<Digest> inB = new LinkedHashSet<>();
        for (Layer l : b.layers()) {
            inB.add(l.digest());
        }
        Set<Digest> out = new LinkedHashSet<>();
        for (Layer l : a.layers()) {
            if (inB.contains(l.digest())) {
                out.add(l.digest());
            }
        }
        return List.copyOf(out);
    }

    /** Both final trees are sorted by {@link FileIndex#comparePaths}: one merge pass. */
    private static List<FileChange> files(FileIndex a, FileIndex b) {
        List<PathEvent> left = a.tree(a.layers().size() - 1);
        List<PathEvent> right = b.tree(b.layers().size() - 1);
        List<FileChange> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < left.size() || j < right.size()) {
            int c = i == left.size() ? 1 : j == right.size() ? -1
                    : FileIndex.comparePaths(left.get(i).path(), right.get(j).path());
            if (c < 0) {
                PathEvent x = left.get(i++);
                out.add(new FileChange(x.path(), FileChange.Type.REMOVED, x.size(), 0, List.of()));
            } else if (c > 0) {
                PathEvent y = right.get(j++);
                out.add(new FileChange(y.path(), FileChange.Type.ADDED, 0, y.size(), List.of()));
            } else {
                PathEvent x = left.get(i++);
                PathEvent y = right.get(j++);
                List<String> what = differences(x, y);
                if (!what.isEmpty()) {
                    out.add(new FileChange(x.path(), FileChange.Type.CHANGED, x.size(), y.size(), what));
                }
            }
        }
        return out;
    }

    private static List<String> differences(PathEvent x, PathEvent y) {
        List<String> what = new ArrayList<>();
        if (x.kind() != y.kind()) {
            what.add("kind");
        } else if (x.size() != y.size() || !Objects.equals(x.digest(), y.digest())) {
            what.add("content");
        }
        if (x.layer() >= 0 && y.layer() >= 0 && x.mode() != y.mode()) {
            what.add("mode");
        }
        if (x.uid() != y.uid() || x.gid() != y.gid()) {
            what.add("owner");
        }
        if (!Objects.equals(x.linkTarget(), y.linkTarget())) {
            what.add("target");
        }
        return what;
    }
}
