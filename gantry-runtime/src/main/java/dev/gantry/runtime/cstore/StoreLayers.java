package dev.gantry.runtime.cstore;

import dev.gantry.runtime.apply.Trees;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.digest.Digest;
import dev.gantry.digest.VerifyingInputStream;
import dev.gantry.layer.Compression;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Json;
import dev.gantry.runtime.apply.EntryContext;
import dev.gantry.runtime.apply.LayerApplier;
import dev.gantry.runtime.apply.SafeRoot;
import dev.gantry.runtime.apply.Warnings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/**
 * Creates layers in a store, under the exclusive {@code layers.lock}, the way containers/storage
 * lays them out: a {@code layers.json} record (first marked incomplete, so that podman removes a
 * layer a crash left half-made), the tar-split beside it, and the driver's folder, which for
 * {@code vfs} is the whole tree (a copy of the parent's with this layer applied) and for
 * {@code overlay} is the layer's own changes ({@code diff}, whiteouts as 0/0 character devices and
 * {@code trusted.overlay.opaque}), its short {@code link} name under {@code l/} and its
 * {@code lower} chain.
 */
final class StoreLayers {
    private static final char[] LINK_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final StoreSpec spec;
    private final Path work;
    private final String name;
    private final ArrayNode records;

    StoreLayers(StoreSpec spec, Path work, String name) throws IOException {
        this.spec = spec;
        this.work = work;
        this.name = name;
        this.records = StoreJson.read(spec.layersDir().resolve("layers.json"));
    }

    /** containers/image's layer ID: the first layer's diff_id hex; above it, a hash of the parent's ID and the diff_id. */
    static String layerId(String parent, Digest diffId) {
        return parent == null ? diffId.hex()
                : Digest.sha256((parent + "+" + diffId.hex()).getBytes(StandardCharsets.UTF_8)).hex();
    }

    /**
     * The ID of the layer holding {@code diffId} above {@code parent}, created from {@code blob} unless the store has it.
     *
     * @param lock the held, exclusive {@code layers.lock}, touched after each write
     */
    String ensure(String parent, Digest diffId, Descriptor blobDescriptor, Path blob, int index, LockFile lock) throws IOException {
        String id = layerId(parent, diffId);
        ObjectNode existing = StoreJson.byId(records, id);
        if (existing != null && !existing.path("flags").path("incomplete").asBoolean(false)) {
            return id;
        }
        if (existing != null) {
            records.remove(indexOf(existing));
        }
        Path tar = work.resolve("layer-" + index + ".tar");
        long budget = ExpansionLimits.defaults().budget(blobDescriptor.size());
        try (InputStream in = VerifyingInputStream.bounded(Compression.autoDecompress(Files.newInputStream(blob)), diffId, budget,
                "uncompressed content of layer " + blobDescriptor.digest() + " (its diff_id)")) {
            Files.copy(in, tar);
        }
        ObjectNode record = Json.mapper().createObjectNode();
        record.put("id", id);
        if (parent != null) {
            record.put("parent", parent);
        }
        record.put("created", Instant.now().toString());
        record.putObject("flags").put("incomplete", true);
        records.add(record);
        save(lock);

        removeContent(id);
        TarSplitWriter.Owners owners = TarSplitWriter.write(tar, spec.layersDir().resolve(id + ".tar-split.gz"));
        Path content = prepareContent(id, parent);
        Warnings warnings = new Warnings(w -> { });
        SafeRoot root = new SafeRoot(content);
        LayerApplier applier = spec.driver().equals("overlay")
                ? LayerApplier.forOverlaySnapshot(root, ExpansionLimits.defaults(), warnings)
                : new LayerApplier(root, ExpansionLimits.defaults(), warnings);
        try (InputStream in = Files.newInputStream(tar)) {
            applier.applyTar(in, new EntryContext(blobDescriptor.digest(), index), budget);
        }
        applier.finish();

        record.remove("flags");
        record.put("compressed-diff-digest", blobDescriptor.digest().toString());
        record.put("compressed-size", blobDescriptor.size());
        record.put("diff-digest", diffId.toString());
        record.put("diff-size", Files.size(tar));
        record.put("compression", compressionCode(blob));
        ArrayNode uids = record.putArray("uidset");
        owners.uids().forEach(uids::add);
        ArrayNode gids = record.putArray("gidset");
        owners.gids().forEach(gids::add);
        save(lock);
        Files.delete(tar);
        return id;
    }

    /** containers/storage's number for the blob's compression (its archive.Compression: 0 none, 2 gzip, 4 zstd). */
    private static int compressionCode(Path blob) throws IOException {
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(blob))) {
            return switch (Compression.detect(in)) {
                case NONE -> 0;
                case GZIP -> 2;
                case ZSTD -> 4;
            };
        }
    }

    private int indexOf(ObjectNode record) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i) == record) {
                return i;
            }
        }
        throw new IllegalStateException("record not in layers.json");
    }

    private void save(LockFile lock) throws IOException {
        StoreJson.write(spec.layersDir().resolve("layers.json"), records);
        lock.touch();
    }

    /** The empty folder the layer is applied into (for vfs, first filled with its parent's tree). */
    private Path prepareContent(String id, String parent) throws IOException {
        if (spec.driver().equals("vfs")) {
            Path dir = spec.layerContent(id);
            Files.createDirectories(dir.getParent());
            if (parent == null) {
                Files.createDirectory(dir);
            } else {
                copyTree(spec.layerContent(parent), dir);
            }
            return dir;
        }
        Path driver = spec.driverDir();
        Path links = Files.createDirectories(driver.resolve("l"));
        Path layerDir = driver.resolve(id);
        Files.createDirectory(layerDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path diff = Files.createDirectory(layerDir.resolve("diff"));
        String link = newLink();
        Files.writeString(layerDir.resolve("link"), link);
        Files.createSymbolicLink(links.resolve(link), Path.of("..", id, "diff"));
        if (parent == null) {
            Files.createDirectory(layerDir.resolve("empty"));
        } else {
            String parentLink = Files.readString(driver.resolve(parent).resolve("link")).strip();
            Path parentLower = driver.resolve(parent).resolve("lower");
            String lower = "l/" + parentLink + (Files.isRegularFile(parentLower) ? ":" + Files.readString(parentLower).strip() : "");
            Files.writeString(layerDir.resolve("lower"), lower);
        }
        Files.createDirectory(layerDir.resolve("work"));
        Files.createDirectory(layerDir.resolve("merged"));
        return diff;
    }

    private static String newLink() {
        char[] link = new char[26];
        for (int i = 0; i < link.length; i++) {
            link[i] = LINK_ALPHABET[RANDOM.nextInt(LINK_ALPHABET.length)];
        }
        return new String(link);
    }

    /** What a layer of this ID left behind (a crash, an incomplete record): its folders and tar-split. */
    private void removeContent(String id) throws IOException {
        if (spec.driver().equals("overlay")) {
            Path layerDir = spec.driverDir().resolve(id);
            Path link = layerDir.resolve("link");
            if (Files.isRegularFile(link)) {
                Files.deleteIfExists(spec.driverDir().resolve("l").resolve(Files.readString(link).strip()));
            }
            Trees.deleteRecursively(layerDir);
        } else {
            Trees.deleteRecursively(spec.layerContent(id));
        }
        Files.deleteIfExists(spec.layersDir().resolve(id + ".tar-split.gz"));
    }

    /** A vfs layer starts as a copy of its parent's tree: owners, modes, times, xattrs and special files kept. */
    private void copyTree(Path from, Path to) throws IOException {
        Process cp = new ProcessBuilder(List.of("cp", "-a", "--reflink=auto", "--", from.toString(), to.toString()))
                .redirectErrorStream(true).start();
        String output = new String(cp.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (cp.waitFor() != 0) {
                throw new IOException(name + ": copying layer tree " + from + " failed: " + output);
            }
        } catch (InterruptedException e) {
            cp.destroy();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted copying " + from);
        }
    }
}
