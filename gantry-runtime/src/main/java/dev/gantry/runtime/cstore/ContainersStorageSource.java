package dev.gantry.runtime.cstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.digest.Digest;
import dev.gantry.digest.DigestingInputStream;
import dev.gantry.digest.DigestAlgorithm;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.NotFoundException;
import dev.gantry.error.UnsupportedFormatException;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Json;
import dev.gantry.oci.MediaTypes;
import dev.gantry.transport.ImageSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one image from a containers-storage store. The store keeps layers unpacked, so a layer
 * blob is its uncompressed tar, rebuilt from the layer's files and tar-split: the bytes podman
 * hashed as the layer's {@code diff-digest}. When the stored manifest names the layers by their
 * compressed digests (an image podman pulled), those bytes are gone, and, as skopeo does, the
 * image is given with a new manifest naming the uncompressed layers (same config, so the same
 * diff_ids and image ID); a manifest that already names the uncompressed layers is given as stored.
 *
 * <p>The lock files are held shared, as podman's readers hold them: both while the image is
 * looked up, and {@code layers.lock} while a layer's tar is read, so podman cannot remove or
 * change a layer under the reader (its own readers are not held up). Nothing is held between
 * reads, so a copy into the same store can take the locks exclusive when it commits.
 */
final class ContainersStorageSource implements ImageSource {
    private final StoreSpec spec;
    private final String name;
    private Resolved resolved;

    /** What the image is: the manifest given out, the config, and each layer blob's store record. */
    private record Resolved(Descriptor root, byte[] manifest, Digest configDigest, byte[] config,
                            Map<Digest, ObjectNode> layers) {
    }

    ContainersStorageSource(StoreSpec spec, String name) {
        this.spec = spec;
        this.name = name;
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public synchronized Descriptor root() throws IOException {
        return resolve().root();
    }

    private synchronized Resolved resolve() throws IOException {
        if (resolved != null) {
            return resolved;
        }
        if (!Files.isDirectory(spec.imagesDir())) {
            throw new NotFoundException(name + ": no " + spec.driver() + " image store at " + spec.graphRoot()
                    + " (" + spec.imagesDir().getFileName() + " is missing)");
        }
        // containers/storage's order: layers, then images.
        SharedLocks.AutoCloseableLock layers = SharedLocks.acquire(layersLock());
        try {
            SharedLocks.AutoCloseableLock images = SharedLocks.acquire(spec.imagesDir().resolve("images.lock"));
            try {
                resolved = resolveLocked();
                return resolved;
            } finally {
                images.close();
            }
        } finally {
            layers.close();
        }
    }

    private Path layersLock() {
        return spec.layersDir().resolve("layers.lock");
    }

    private Resolved resolveLocked() throws IOException {
        ArrayNode images = StoreJson.read(spec.imagesDir().resolve("images.json"));
        ObjectNode image = StoreImages.find(images, spec.image());
        if (image == null) {
            List<String> names = StoreImages.allNames(images);
            throw new NotFoundException("image '" + spec.image() + "' not found in containers-storage:" + spec.describeStore()
                    + (names.isEmpty() ? " (it holds no images)" : " (it holds " + String.join(", ", names.subList(0, Math.min(names.size(), 8)))
                    + (names.size() > 8 ? ", ..." : "") + ")"));
        }
        String id = image.path("id").asText();
        byte[] manifest = bigData(id, "manifest");
        if (manifest == null) {
            throw new UnsupportedFormatException(name + ": image " + id + " has no stored manifest (big-data item 'manifest')");
        }
        JsonNode manifestTree = Json.mapper().readTree(manifest);
        String mediaType = manifestTree.path("mediaType").asText(MediaTypes.OCI_MANIFEST);
        if (manifestTree.path("schemaVersion").asInt() != 2 || !MediaTypes.isImageManifest(mediaType) || manifestTree.has("manifests")) {
            throw new UnsupportedFormatException(name + ": image " + id + " has a stored manifest of type " + mediaType
                    + ", which Gantry does not read from containers-storage");
        }
        Digest configDigest = Digest.parse(manifestTree.path("config").path("digest").asText());
        byte[] config = bigData(id, configDigest.toString());
        if (config == null) {
            throw new InvalidInputException(name + ": image " + id + " lacks its config " + configDigest + " in the store");
        }
        List<ObjectNode> chain = chain(image.path("layer").asText(null), id);
        List<Digest> diffIds = new ArrayList<>();
        for (JsonNode d : Json.mapper().readTree(config).path("rootfs").path("diff_ids")) {
            diffIds.add(Digest.parse(d.asText()));
        }
        JsonNode manifestLayers = manifestTree.path("layers");
        if (chain.size() != diffIds.size() || manifestLayers.size() != chain.size()) {
            throw new InvalidInputException(name + ": image " + id + " has " + chain.size() + " layers in the store, "
                    + diffIds.size() + " diff_ids in its config and " + manifestLayers.size() + " layers in its manifest");
        }
        Map<Digest, ObjectNode> byDiff = new HashMap<>();
        boolean asStored = true;
        for (int i = 0; i < chain.size(); i++) {
            ObjectNode layer = chain.get(i);
            Digest diff = Digest.parse(layer.path("diff-digest").asText());
            if (!diff.equals(diffIds.get(i))) {
                throw new InvalidInputException(name + ": layer " + layer.path("id").asText() + " holds " + diff
                        + " but the config's diff_id " + i + " is " + diffIds.get(i));
            }
            byDiff.put(diff, layer);
            asStored &= manifestLayers.get(i).path("digest").asText().equals(diff.toString())
                    && manifestLayers.get(i).path("size").asLong(-1) == diffSize(layer);
        }
        byte[] given = asStored ? manifest : uncompressedManifest(manifestTree, chain, mediaType);
        Descriptor root = new Descriptor(mediaType, Digest.sha256(given), given.length);
        return new Resolved(root, given, configDigest, config, byDiff);
    }

    /** The manifest with every layer named by its uncompressed digest, size and media type; the rest kept. */
    private byte[] uncompressedManifest(JsonNode stored, List<ObjectNode> chain, String mediaType) throws IOException {
        ObjectNode copy = stored.deepCopy();
        ArrayNode layers = (ArrayNode) copy.path("layers");
        for (int i = 0; i < chain.size(); i++) {
            ObjectNode layer = (ObjectNode) layers.get(i);
            layer.put("mediaType", MediaTypes.isDocker(mediaType) ? MediaTypes.DOCKER_LAYER : MediaTypes.OCI_LAYER);
            layer.put("digest", chain.get(i).path("diff-digest").asText());
            layer.put("size", diffSize(chain.get(i)));
            layer.remove("urls");
        }
        return Json.mapper().writeValueAsBytes(copy);
    }

    /** The layer's uncompressed size; measured by rebuilding it when the store did not record it. */
    private long diffSize(ObjectNode layer) throws IOException {
        long size = layer.path("diff-size").asLong(-1);
        if (size < 0) {
            try (DigestingInputStream in = new DigestingInputStream(tar(layer), (DigestAlgorithm) null)) {
                in.transferTo(OutputStream.nullOutputStream());
                size = in.count();
            }
            layer.put("diff-size", size);
        }
        return size;
    }

    /** The layers from the bottom up to {@code top}, following {@code parent}. */
    private List<ObjectNode> chain(String top, String imageId) throws IOException {
        ArrayNode records = StoreJson.read(spec.layersDir().resolve("layers.json"));
        List<ObjectNode> chain = new ArrayList<>();
        for (String id = top; id != null && !id.isEmpty(); ) {
            ObjectNode layer = StoreJson.byId(records, id);
            if (layer == null) {
                throw new InvalidInputException(name + ": image " + imageId + " names layer " + id + ", which the store lacks");
            }
            if (layer.path("flags").path("incomplete").asBoolean(false)) {
                throw new InvalidInputException(name + ": layer " + id + " is still being written (or was left half-written)");
            }
            chain.addFirst(layer);
            id = layer.path("parent").asText(null);
            if (chain.size() > 1000) {
                throw new InvalidInputException(name + ": image " + imageId + "'s layers form a loop");
            }
        }
        return chain;
    }

    private byte[] bigData(String imageId, String key) throws IOException {
        try {
            return Files.readAllBytes(spec.imagesDir().resolve(imageId).resolve(StoreJson.bigDataFile(key)));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The layer's tar, read under a shared {@code layers.lock} that closing the stream releases. */
    private InputStream tar(ObjectNode layer) throws IOException {
        String id = layer.path("id").asText();
        Path tarSplit = spec.layersDir().resolve(id + ".tar-split.gz");
        SharedLocks.AutoCloseableLock lock = SharedLocks.acquire(layersLock());
        try {
            if (!Files.isRegularFile(tarSplit)) {
                throw new UnsupportedFormatException(name + ": layer " + id + " has no tar-split (" + tarSplit.getFileName()
                        + "), so its recorded digest cannot be reproduced from its files");
            }
            return new TarSplitReader(tarSplit, spec.layerContent(id), id) {
                private boolean closed;

                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        if (!closed) {
                            closed = true;
                            lock.close();
                        }
                    }
                }
            };
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    @Override
    public InputStream openBlob(Descriptor descriptor) throws IOException {
        Resolved r = resolve();
        Digest digest = descriptor.digest();
        if (digest.equals(r.root().digest())) {
            return new ByteArrayInputStream(r.manifest());
        }
        if (digest.equals(r.configDigest())) {
            return new ByteArrayInputStream(r.config());
        }
        ObjectNode layer = r.layers().get(digest);
        if (layer == null) {
            throw new NotFoundException(name + " has no blob " + digest);
        }
        return tar(layer);
    }

    @Override
    public String locate(Descriptor descriptor) {
        Resolved r = resolved;
        ObjectNode layer = r == null ? null : r.layers().get(descriptor.digest());
        return layer == null ? descriptor.digest().toString() : "layer " + layer.path("id").asText();
    }

    /** Holds nothing between reads: each layer stream releases its lock when closed. */
    @Override
    public void close() {
    }
}
