package dev.gantry.runtime.container;

import dev.gantry.digest.Digest;
import dev.gantry.runtime.store.SnapshotStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * What a container changed, as {@code docker diff} prints it: A (added), C (changed: the
 * path exists in the image), D (deleted: a kernel whiteout), from the upper directory alone;
 * the image's snapshots only decide A versus C.
 */
public final class ContainerChanges {
    /**
     * One line of {@code docker diff}.
     *
     * @param kind   "A" (added), "C" (changed: the image has the path) or "D" (deleted)
     * @param path   the absolute path in the container
     * @param opaque a directory whose image content is hidden (deleted and made again)
     */
    public record Change(String kind, String path, boolean opaque) {
    }

    private ContainerChanges() {
    }

    /**
     * The container's changes, read from its upper directory alone; the image's snapshots only decide A versus
     * C.
     *
     * @param container an overlay container
     * @param snapshots the store's snapshots, which hold the container's layers
     * @return one change per path in the upper directory, sorted by path, parents first
     * @throws dev.gantry.error.InvalidInputException when the container runs on a copied rootfs
     * @throws IOException when the upper directory or a snapshot cannot be read, or getfattr is not installed
     */
    public static List<Change> of(Container container, SnapshotStore snapshots) throws IOException {
        container.requireOverlay();
        List<Path> lowers = new ArrayList<>();
        for (String diffId : container.layers()) {
            lowers.add(0, snapshots.fsOf(Digest.parse(diffId)));
        }
        List<Change> out = new ArrayList<>();
        for (UpperDir.Entry e : new UpperDir(container.upperDir()).entries()) {
            String kind = e.whiteout() ? "D" : inImage(lowers, e.path()) ? "C" : "A";
            out.add(new Change(kind, "/" + e.path(), e.opaque()));
        }
        return out;
    }

    /** True when the topmost snapshot that has the path holds it as content, not as a whiteout. */
    private static boolean inImage(List<Path> lowersTopFirst, String rel) throws IOException {
        for (Path lower : lowersTopFirst) {
            Path p = lower.resolve(rel);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return !UpperDir.isWhiteout(p, a);
            }
        }
        return false;
    }
}
