package dev.gantry.runtime.store;

import dev.gantry.image.Image;
import dev.gantry.image.Layer;
import dev.gantry.store.ImageStore;
import dev.gantry.store.StoreRoot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Disk use of the stored images, as {@code docker system df -v} reports it: a layer's bytes
 * are its stored blob plus its unpacked snapshot (when one was made); a layer used by more
 * than one image is shared, the rest unique, and the total counts every layer once.
 */
public final class StoreUsage {
    /**
     * One image: all its layers' bytes, those it shares with another image, and those only it holds.
     *
     * @param name   the stored image's name
     * @param digest its manifest digest
     * @param layers its distinct layers
     * @param size   bytes of its layers: stored blob plus unpacked snapshot, when there is one
     * @param shared the part of {@code size} in layers another stored image uses too
     * @param unique the part of {@code size} only this image uses
     */
    public record ImageUsage(String name, String digest, int layers, long size, long shared, long unique) {
    }

    /**
     * Every image, and the store's total with shared layers counted once.
     *
     * @param images         one entry per stored image, in the store's order
     * @param distinctLayers layers across the store, each counted once (by diff_id, else by blob digest)
     * @param totalBytes     their bytes, each layer counted once
     */
    public record Report(List<ImageUsage> images, int distinctLayers, long totalBytes) {
    }

    private StoreUsage() {
    }

    /**
     * Measures the store's images and snapshots. Nothing is unpacked or read beyond manifests, configs and
     * snapshot records.
     *
     * @param root the store
     * @return each image's use and the total
     * @throws IOException when a stored image or snapshot record cannot be read
     */
    public static Report measure(StoreRoot root) throws IOException {
        ImageStore images = new ImageStore(root);
        SnapshotStore snapshots = new SnapshotStore(root, null);
        Map<String, List<String>> layersOf = new LinkedHashMap<>();
        Map<String, String> digests = new HashMap<>();
        Map<String, Long> bytesOf = new HashMap<>();
        Map<String, Integer> users = new HashMap<>();
        for (String name : images.names()) {
            try (ImageStore.Stored stored = images.open(name)) {
                Image image = stored.image();
                digests.put(name, image.descriptor().digest().toString());
                List<String> keys = new ArrayList<>();
                for (Layer layer : image.layers()) {
                    String key = layer.diffId() != null ? layer.diffId().toString() : layer.digest().toString();
                    if (!keys.contains(key)) {
                        keys.add(key);
                        users.merge(key, 1, Integer::sum);
                    }
                    if (!bytesOf.containsKey(key)) {
                        SnapshotStore.Info info = layer.diffId() == null ? null : snapshots.info(layer.diffId());
                        bytesOf.put(key, layer.size() + (info == null ? 0 : info.bytes()));
                    }
                }
                layersOf.put(name, keys);
            }
        }
        List<ImageUsage> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : layersOf.entrySet()) {
            long size = 0;
            long shared = 0;
            for (String key : e.getValue()) {
                size += bytesOf.get(key);
                if (users.get(key) > 1) {
                    shared += bytesOf.get(key);
                }
            }
            out.add(new ImageUsage(e.getKey(), digests.get(e.getKey()), e.getValue().size(), size, shared, size - shared));
        }
        long total = bytesOf.values().stream().mapToLong(Long::longValue).sum();
        return new Report(out, bytesOf.size(), total);
    }
}
