package dev.gantry.runtime.store;

import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;
import dev.gantry.image.Layer;
import dev.gantry.oci.Json;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.runtime.apply.LayerApplier;
import dev.gantry.runtime.apply.SafeRoot;
import dev.gantry.runtime.apply.Trees;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.store.StoreRoot;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Layers unpacked once each, keyed by diff_id, for use as overlayfs lower directories
 * (like containerd's overlay snapshotter): {@code snapshots/ALG/HEX/fs} holds the layer's
 * files with its whiteouts in the kernel's form, {@code snapshots/ALG/HEX/snapshot.json} what
 * it holds. A snapshot is unpacked under {@code snapshots/tmp/} and renamed into place whole,
 * so a reader sees either no snapshot or a complete one; when two processes unpack the same
 * layer at once, the second rename fails and that copy is dropped.
 */
public final class SnapshotStore {
    /**
     * What one snapshot holds, as recorded in its {@code snapshot.json}.
     *
     * @param diffId  the layer's diff_id, the snapshot's key
     * @param bytes   regular-file bytes the layer unpacked to
     * @param entries tar entries of the layer, whiteouts included
     */
    public record Info(Digest diffId, long bytes, long entries) {
    }

    private static final String FS = "fs";
    private static final String INFO = "snapshot.json";

    private final Path dir;
    private final ExpansionLimits limits;

    /**
     * The snapshots of one store, in its {@code snapshots/} directory.
     *
     * @param root   the store
     * @param limits each layer's expansion budget when unpacked; may be null for a store that only reads, lists
     *               or deletes
     */
    public SnapshotStore(StoreRoot root, ExpansionLimits limits) {
        this.dir = root.snapshots();
        this.limits = limits;
    }

    /**
     * The directory to stack for this diff_id, whether or not the snapshot exists.
     *
     * @param diffId the layer's diff_id
     * @return {@code snapshots/ALG/HEX/fs}
     */
    public Path fsOf(Digest diffId) {
        return home(diffId).resolve(FS);
    }

    /**
     * Whether the snapshot of this diff_id is in place (it is complete once there).
     *
     * @param diffId the layer's diff_id
     * @return true when its {@code fs} directory exists
     */
    public boolean has(Digest diffId) {
        return Files.isDirectory(fsOf(diffId), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The snapshot of this layer, unpacked now if no process did it before: applied on its own with whiteouts
     * in the kernel's form (so it needs root), under {@code snapshots/tmp/}, and renamed into place whole. When
     * another process put the same layer in place first, this copy is dropped.
     *
     * @param layer    the layer, which must have a diff_id
     * @param warnings collects what the apply could not reproduce
     * @return the snapshot's {@code fs} directory
     * @throws dev.gantry.error.InvalidInputException when the layer has no diff_id
     * @throws dev.gantry.runtime.apply.UnsafeLayerException   when an entry would leave the snapshot
     * @throws dev.gantry.runtime.apply.BrokenLayerException   when the layer is corrupt or fails verification
     * @throws dev.gantry.runtime.apply.LayerTooLargeException when the layer expands past its budget
     * @throws IOException when the layer cannot be read from its source, or the store's file system fails
     */
    public Path ensure(Layer layer, Warnings warnings) throws IOException {
        Digest diffId = layer.diffId();
        if (diffId == null) {
            throw new InvalidInputException("layer " + layer.digest() + " has no diff_id in the image config; "
                    + "snapshots are keyed by diff_id, so this image cannot be run from snapshots");
        }
        if (has(diffId)) {
            return fsOf(diffId);
        }
        Path tmp = dir.resolve("tmp").resolve(diffId.hex() + "-" + UUID.randomUUID());
        Files.createDirectories(tmp.resolve(FS));
        try {
            LayerApplier applier = LayerApplier.forOverlaySnapshot(new SafeRoot(tmp.resolve(FS)), limits, warnings);
            applier.apply(layer, 0);
            applier.finish();
            Files.write(tmp.resolve(INFO), Json.write(new Info(diffId, applier.bytes(), applier.entries())));
            Path home = home(diffId);
            Files.createDirectories(home.getParent());
            try {
                Files.move(tmp, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                Trees.deleteRecursively(tmp); // another process put the same layer in place first
            }
            return fsOf(diffId);
        } catch (IOException | RuntimeException e) {
            try {
                Trees.deleteRecursively(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * What the snapshot holds.
     *
     * @param diffId the layer's diff_id
     * @return the recorded info, or null when the snapshot is absent
     * @throws IOException when {@code snapshot.json} cannot be read
     */
    public Info info(Digest diffId) throws IOException {
        Path file = home(diffId).resolve(INFO);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        return Json.parse(Files.readAllBytes(file), Info.class, file.toString());
    }

    /**
     * Every snapshot present.
     *
     * @return the diff_ids, in no particular order
     * @throws IOException when the directory cannot be listed
     */
    public List<Digest> list() throws IOException {
        List<Digest> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> algorithms = Files.list(dir)) {
            for (Path alg : algorithms.filter(p -> !p.getFileName().toString().equals("tmp")).toList()) {
                try (Stream<Path> entries = Files.list(alg)) {
                    for (Path entry : entries.toList()) {
                        out.add(Digest.parse(alg.getFileName() + ":" + entry.getFileName()));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Deletes a snapshot; an absent one is not an error. It is renamed away first, so no reader ever sees half
     * of one; the caller makes sure no container stacks it.
     *
     * @param diffId the layer's diff_id
     * @throws IOException when it cannot be renamed or deleted
     */
    public void delete(Digest diffId) throws IOException {
        Path home = home(diffId);
        if (!Files.exists(home, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path doomed = dir.resolve("tmp").resolve("deleting-" + diffId.hex() + "-" + UUID.randomUUID());
        Files.createDirectories(doomed.getParent());
        Files.move(home, doomed, StandardCopyOption.ATOMIC_MOVE);
        Trees.deleteRecursively(doomed);
    }

    private Path home(Digest diffId) {
        return dir.resolve(diffId.algorithm().id()).resolve(diffId.hex());
    }
}
