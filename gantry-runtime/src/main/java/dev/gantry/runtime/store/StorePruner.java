package dev.gantry.runtime.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.digest.Digest;
import dev.gantry.image.Image;
import dev.gantry.image.Layer;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Json;
import dev.gantry.runtime.apply.Trees;
import dev.gantry.transport.layout.OciLayout;
import dev.gantry.store.ImageStore;
import dev.gantry.store.StoreRoot;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Deletes what no stored image and no container uses: snapshots, blobs of the image layout,
 * and work directories that crashed unpacks left (only those older than an hour, so a
 * running unpack keeps its own).
 */
public final class StorePruner {
    /**
     * What a prune removed.
     *
     * @param snapshots snapshots deleted
     * @param blobs     blob files of the store's image layout deleted
     * @param bytes     bytes freed: the deleted snapshots' file bytes plus the deleted blobs' sizes
     */
    public record Result(int snapshots, int blobs, long bytes) {
    }

    private static final Duration ABANDONED = Duration.ofHours(1);

    private StorePruner() {
    }

    /**
     * Deletes, under the store's lock, every snapshot and every blob of the store's image layout that no stored
     * image (its manifests, config and layers) and no container uses, then the work directories that crashed
     * unpacks left (older than an hour).
     *
     * @param root            the store
     * @param containerLayers the diff_ids every container stacks (they stay; see
     *                        {@link dev.gantry.runtime.container.Containers#layersInUse()})
     * @return what was removed
     * @throws IOException when a stored image cannot be read or a file cannot be deleted
     */
    public static Result prune(StoreRoot root, Collection<String> containerLayers) throws IOException {
        FileLock lock = root.lock();
        try {
            ImageStore images = new ImageStore(root);
            SnapshotStore snapshots = new SnapshotStore(root, null);
            Set<Digest> keepBlobs = new HashSet<>();
            Set<Digest> keepSnapshots = new HashSet<>();
            containerLayers.forEach(d -> keepSnapshots.add(Digest.parse(d)));
            for (String name : images.names()) {
                try (ImageStore.Stored stored = images.open(name)) {
                    Descriptor rootDescriptor = stored.source().root();
                    keepBlobs.add(rootDescriptor.digest());
                    JsonNode rootManifest = Json.tree(stored.source().readManifest(rootDescriptor), name);
                    rootManifest.path("manifests").forEach(m -> keepBlobs.add(Digest.parse(m.path("digest").asText())));
                    Image image = stored.image();
                    keepBlobs.add(image.descriptor().digest());
                    keepBlobs.add(image.configDescriptor().digest());
                    for (Layer layer : image.layers()) {
                        keepBlobs.add(layer.digest());
                        if (layer.diffId() != null) {
                            keepSnapshots.add(layer.diffId());
                        }
                    }
                }
            }
            long bytes = 0;
            int removedSnapshots = 0;
            for (Digest diffId : snapshots.list()) {
                if (!keepSnapshots.contains(diffId)) {
                    SnapshotStore.Info info = snapshots.info(diffId);
                    bytes += info == null ? 0 : info.bytes();
                    snapshots.delete(diffId);
                    removedSnapshots++;
                }
            }
            int removedBlobs = 0;
            Path blobs = root.images().resolve("blobs");
            if (Files.isDirectory(blobs)) {
                try (Stream<Path> files = Files.walk(blobs)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        Digest digest = blobDigest(root.images().relativize(file).toString());
                        if (digest != null && !keepBlobs.contains(digest)) {
                            bytes += Files.size(file);
                            Files.delete(file);
                            removedBlobs++;
                        }
                    }
                }
            }
            removeAbandoned(root.snapshots().resolve("tmp"));
            return new Result(removedSnapshots, removedBlobs, bytes);
        } finally {
            StoreRoot.release(lock);
        }
    }

    /** The digest a blob file is named by; null for anything else (a writer's temporary file). */
    private static Digest blobDigest(String path) {
        try {
            return OciLayout.digestOfBlobPath(path);
        } catch (RuntimeException notADigest) {
            return null;
        }
    }

    private static void removeAbandoned(Path tmp) throws IOException {
        if (!Files.isDirectory(tmp)) {
            return;
        }
        FileTime cutoff = FileTime.from(Instant.now().minus(ABANDONED));
        List<Path> entries;
        try (Stream<Path> list = Files.list(tmp)) {
            entries = list.toList();
        }
        for (Path entry : entries) {
            if (Files.getLastModifiedTime(entry).compareTo(cutoff) < 0) {
                Trees.deleteRecursively(entry);
            }
        }
    }
}
