package dev.gantry.runtime.apply;

import dev.gantry.layer.EntryName;
import dev.gantry.layer.Whiteouts;

import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Writes a layer's whiteouts the way overlayfs reads them in a lower directory, so a layer
 * unpacked on its own (a snapshot) hides what lower snapshots hold once stacked:
 * {@code .wh.NAME} becomes NAME as a 0/0 character device, {@code DIR/.wh..wh..opq} the
 * xattr {@code trusted.overlay.opaque=y} on DIR. Both need root (mknod, trusted.* xattrs).
 */
final class OverlayWhiteouts {
    static final String OPAQUE_XATTR = "trusted.overlay.opaque";

    private final SafeRoot root;
    private final FileMetadata metadata;

    OverlayWhiteouts(SafeRoot root, FileMetadata metadata) {
        this.root = root;
        this.metadata = metadata;
    }

    /** @param kind {@link Whiteouts.Kind#WHITEOUT} or {@link Whiteouts.Kind#OPAQUE} */
    void write(String parent, String base, Whiteouts.Kind kind, LayerTouches touches, EntryContext where) throws IOException {
        if (kind == Whiteouts.Kind.OPAQUE) {
            // Creating the marker's parents creates DIR itself when its entry comes later.
            root.prepareParents(EntryName.child(parent, base), where, metadata);
            BasicFileAttributes dir = root.lstat(parent);
            if (dir != null && dir.isDirectory()) {
                ExternalTool.run(List.of("setfattr", "-h", "-n", OPAQUE_XATTR, "-v", "y", "--", root.path(parent).toString()));
            }
            return;
        }
        String rel = LayerApplier.victim(parent, base, where);
        if (touches.wrote(rel)) {
            return; // whiteouts hide lower layers only
        }
        root.prepareParents(rel, where, metadata);
        if (root.lstat(rel) == null) {
            SpecialFiles.create(root.path(rel), SpecialFiles.Kind.CHARACTER, 0, 0, 0);
        }
    }
}
