package dev.gantry.build.containerfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.digest.Digest;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Json;
import dev.gantry.runtime.apply.Trees;
import dev.gantry.runtime.layer.WrittenLayer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Layers of earlier builds, one directory per cache key holding the blob and a small JSON
 * record of its descriptor and diff_id. An entry is written to a temporary name and renamed
 * into place, so a build killed half-way never leaves a half entry; the blob's digest is
 * checked again when an entry is used. Using an entry touches its record, so {@link #prune}
 * can drop what no build has used for a while.
 */
public final class LayerCache {
    /** The directory of {@code RUN --mount=type=cache} directories inside the cache; {@link #prune} leaves it alone. */
    public static final String RUN_CACHES = "run-caches";
    /**
     * What a prune deleted.
     *
     * @param entries cache entries deleted (partial ones left by killed builds not counted)
     * @param bytes   blob bytes freed
     */
    public record Pruned(int entries, long bytes) {
    }

    private final Path root;

    /**
     * The cache in {@code root}, which need not exist yet.
     *
     * @param root the cache directory
     */
    public LayerCache(Path root) {
        this.root = root;
    }

    /**
     * The layer stored under {@code key}, marked as used now. An entry whose blob is missing or of the wrong
     * size reads as absent (the build then replaces it); the blob's digest is verified when the layer is read.
     *
     * @param key the step's key
     * @return the cached layer, its file inside the cache (not to be deleted), or empty
     * @throws IOException when the entry cannot be read
     */
    public Optional<WrittenLayer> find(CacheKey key) throws IOException {
        Path dir = root.resolve(key.digest().hex());
        Path meta = dir.resolve("layer.json");
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        JsonNode node = Json.tree(Files.readAllBytes(meta), meta.toString());
        Descriptor blob = new Descriptor(node.path("mediaType").asText(), Digest.parse(node.path("digest").asText()),
                node.path("size").asLong());
        Path file = dir.resolve("blob");
        if (!Files.isRegularFile(file) || Files.size(file) != blob.size()) {
            return Optional.empty(); // damaged entry: rebuild (and replace) it
        }
        Files.setLastModifiedTime(meta, FileTime.from(Instant.now()));
        return Optional.of(new WrittenLayer(blob, Digest.parse(node.path("diffId").asText()), file));
    }

    /**
     * Deletes the entries no build has used (or stored) for {@code unusedFor}, and what builds killed while
     * storing left behind; {@link Duration#ZERO} empties the cache. The {@link #RUN_CACHES} directory is kept.
     *
     * @param unusedFor how long an entry may go unused
     * @return what was deleted
     * @throws IOException when an entry cannot be deleted
     */
    public Pruned prune(Duration unusedFor) throws IOException {
        if (!Files.isDirectory(root)) {
            return new Pruned(0, 0);
        }
        Instant cutoff = Instant.now().minus(unusedFor);
        int entries = 0;
        long bytes = 0;
        List<Path> dirs;
        try (Stream<Path> children = Files.list(root)) {
            dirs = children.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().equals(RUN_CACHES)).toList();
        }
        for (Path dir : dirs) {
            Path meta = dir.resolve("layer.json");
            boolean partial = dir.getFileName().toString().startsWith(".tmp-");
            Path stamp = partial || !Files.isRegularFile(meta) ? dir : meta;
            Instant used = Files.getLastModifiedTime(stamp).toInstant();
            if (used.isBefore(cutoff) || (!partial && unusedFor.isZero())) {
                Path blob = dir.resolve("blob");
                bytes += Files.isRegularFile(blob) ? Files.size(blob) : 0;
                entries += partial ? 0 : 1;
                Trees.deleteRecursively(dir);
            }
        }
        return new Pruned(entries, bytes);
    }

    /**
     * Moves the layer's file into the cache under {@code key}, replacing an entry there, and returns the layer
     * as cached. The entry appears whole or not at all (temporary directory, then rename).
     *
     * @param key   the step's key
     * @param layer a layer whose file may be moved (it is no longer at its old path afterwards)
     * @return the same layer, its file now in the cache
     * @throws IOException when the cache cannot be written
     */
    public WrittenLayer store(CacheKey key, WrittenLayer layer) throws IOException {
        Files.createDirectories(root);
        Path dir = root.resolve(key.digest().hex());
        Path temp = Files.createTempDirectory(root, ".tmp-");
        Files.move(layer.file(), temp.resolve("blob"), StandardCopyOption.REPLACE_EXISTING);
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("mediaType", layer.blob().mediaType());
        node.put("digest", layer.blob().digest().toString());
        node.put("size", layer.blob().size());
        node.put("diffId", layer.diffId().toString());
        Files.write(temp.resolve("layer.json"), Json.write(node));
        if (Files.exists(dir)) {
            Trees.deleteRecursively(dir);
        }
        Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
        return new WrittenLayer(layer.blob(), layer.diffId(), dir.resolve("blob"));
    }
}
