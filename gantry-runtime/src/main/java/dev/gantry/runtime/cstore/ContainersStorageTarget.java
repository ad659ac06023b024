package dev.gantry.runtime.cstore;

import dev.gantry.runtime.apply.Trees;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.digest.Digest;
import dev.gantry.digest.VerifyingInputStream;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.UnsupportedFormatException;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Json;
import dev.gantry.oci.MediaTypes;
import dev.gantry.ref.Reference;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Writes one image into a containers-storage store under a name, as skopeo's
 * {@code containers-storage:} destination does. Blobs are verified and kept in a work folder under
 * the store's {@code tmp/} as they arrive; on {@link #commit()}, under {@code layers.lock} (held
 * exclusive throughout) each layer the store lacks is created ({@link StoreLayers}), then under
 * {@code images.lock} the image is recorded: its ID is the config's digest, the manifest is kept
 * as written (big-data items {@code manifest} and {@code manifest-DIGEST}), the config under its
 * digest, and the name is taken from any other image that had it, as podman moves a tag.
 */
final class ContainersStorageTarget implements ImageTarget {
    private static final Pattern ID = Pattern.compile("@?(sha256:)?[0-9a-f]{64}");

    private final StoreSpec spec;
    private final String name;
    private final ManifestFormat format;
    private final String imageName;
    private final Map<Digest, Path> blobs = new ConcurrentHashMap<>();
    private final Map<Digest, byte[]> manifests = new LinkedHashMap<>();
    private Path work;
    private Descriptor rootDescriptor;

    ContainersStorageTarget(StoreSpec spec, String name, ManifestFormat format) {
        if (ID.matcher(spec.image()).matches()) {
            throw new InvalidInputException(name + " names an image ID; a copy into containers-storage needs a name to give the image");
        }
        this.spec = spec;
        this.name = name;
        this.format = format;
        this.imageName = Reference.parse(spec.image()).toString();
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public ManifestFormat preferredFormat() {
        return format;
    }

    @Override
    public boolean hasBlob(Descriptor descriptor) {
        return blobs.containsKey(descriptor.digest());
    }

    private synchronized Path work() throws IOException {
        if (work == null) {
            Path tmp = Files.createDirectories(spec.graphRoot().resolve("tmp"));
            work = Files.createTempDirectory(tmp, "gantry-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return work;
    }

    @Override
    public void putBlob(Descriptor descriptor, InputStream content) throws IOException {
        Path dir = work();
        Path part = Files.createTempFile(dir, ".blob-", ".part");
        String what = "blob " + descriptor.digest() + " for " + name;
        try {
            VerifyingInputStream verified = new VerifyingInputStream(content, descriptor.digest(), descriptor.size(), what);
            Files.copy(verified, part, StandardCopyOption.REPLACE_EXISTING);
            Path blob = dir.resolve(descriptor.digest().hex());
            Files.move(part, blob, StandardCopyOption.REPLACE_EXISTING);
            blobs.put(descriptor.digest(), blob);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    @Override
    public synchronized void putManifest(Descriptor descriptor, byte[] raw) {
        if (!descriptor.digest().matches(raw)) {
            throw new InvalidInputException("manifest for " + name + " does not match its descriptor " + descriptor.digest());
        }
        manifests.put(descriptor.digest(), raw);
    }

    @Override
    public synchronized void setRoot(Descriptor descriptor) {
        if (MediaTypes.isIndex(descriptor.mediaType())) {
            throw new UnsupportedFormatException(name + ": containers-storage holds single images, not an index ("
                    + descriptor.digest() + "); copy one platform (without --all)");
        }
        this.rootDescriptor = descriptor;
    }

    @Override
    public synchronized void commit() throws IOException {
        if (rootDescriptor == null || !manifests.containsKey(rootDescriptor.digest())) {
            throw new IllegalStateException("commit of " + name + " without its root manifest");
        }
        byte[] manifest = manifests.get(rootDescriptor.digest());
        JsonNode tree = Json.mapper().readTree(manifest);
        Descriptor config = descriptor(tree.path("config"), "config");
        Path configFile = blob(config);
        byte[] configBytes = Files.readAllBytes(configFile);
        List<Digest> diffIds = new ArrayList<>();
        for (JsonNode d : Json.mapper().readTree(configBytes).path("rootfs").path("diff_ids")) {
            diffIds.add(Digest.parse(d.asText()));
        }
        JsonNode layers = tree.path("layers");
        if (layers.size() != diffIds.size()) {
            throw new InvalidInputException(name + ": the manifest has " + layers.size() + " layers and the config "
                    + diffIds.size() + " diff_ids");
        }
        Files.createDirectories(spec.layersDir());
        Files.createDirectories(spec.imagesDir());
        Files.createDirectories(spec.driverDir());
        Files.createDirectories(spec.runRoot());
        try (LockFile layersLock = LockFile.acquire(spec.layersDir().resolve("layers.lock"), true)) {
            StoreLayers store = new StoreLayers(spec, work(), name);
            String parent = null;
            for (int i = 0; i < diffIds.size(); i++) {
                Descriptor layer = descriptor(layers.get(i), "layer " + i);
                parent = store.ensure(parent, diffIds.get(i), layer, blob(layer), i, layersLock);
            }
            try (LockFile imagesLock = LockFile.acquire(spec.imagesDir().resolve("images.lock"), true)) {
                register(parent, config.digest(), configBytes, manifest);
                imagesLock.touch();
            }
        }
    }

    private Path blob(Descriptor descriptor) {
        Path file = blobs.get(descriptor.digest());
        if (file == null) {
            throw new IllegalStateException(name + ": blob " + descriptor.digest() + " was not written before the manifest");
        }
        return file;
    }

    private Descriptor descriptor(JsonNode node, String what) {
        if (!node.path("digest").isTextual() || !node.path("size").canConvertToLong()) {
            throw new InvalidInputException(name + ": the manifest's " + what + " has no digest or size");
        }
        return new Descriptor(node.path("mediaType").asText(""), Digest.parse(node.path("digest").asText()), node.path("size").asLong());
    }

    /** Records the image in {@code images.json} with its big-data items; the images lock is held. */
    private void register(String topLayer, Digest configDigest, byte[] config, byte[] manifest) throws IOException {
        Path file = spec.imagesDir().resolve("images.json");
        ArrayNode images = StoreJson.read(file);
        String id = configDigest.hex();
        for (JsonNode other : images) {
            if (!id.equals(other.path("id").asText()) && other.path("names") instanceof ArrayNode names) {
                for (Iterator<JsonNode> it = names.iterator(); it.hasNext(); ) {
                    if (imageName.equals(it.next().asText())) {
                        it.remove();
                    }
                }
            }
        }
        ObjectNode image = StoreJson.byId(images, id);
        if (image == null) {
            image = images.addObject();
            image.put("id", id);
            image.put("created", Instant.now().toString());
        }
        String existingLayer = image.path("layer").asText(null);
        if (existingLayer != null && !existingLayer.equals(topLayer)) {
            throw new InvalidInputException(name + ": image " + id + " is already in the store over layer " + existingLayer
                    + ", not " + topLayer);
        }
        Digest manifestDigest = rootDescriptor.digest();
        image.put("digest", manifestDigest.toString());
        addName(image.withArray("names"), imageName);
        ArrayNode history = image.withArray("names-history");
        addName(history, imageName);
        if (topLayer != null) {
            image.put("layer", topLayer);
        }
        Path dir = Files.createDirectories(spec.imagesDir().resolve(id));
        putBigData(image, dir, configDigest.toString(), config);
        putBigData(image, dir, "manifest-" + manifestDigest, manifest);
        putBigData(image, dir, "manifest", manifest);
        StoreJson.write(file, images);
    }

    private static void addName(ArrayNode names, String name) {
        for (JsonNode n : names) {
            if (name.equals(n.asText())) {
                return;
            }
        }
        names.insert(0, name);
    }

    private static void putBigData(ObjectNode image, Path dir, String key, byte[] bytes) throws IOException {
        Path file = dir.resolve(StoreJson.bigDataFile(key));
        Path temp = Files.createTempFile(dir, ".big-data-", ".tmp");
        try {
            Files.write(temp, bytes);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        ArrayNode names = image.withArray("big-data-names");
        boolean listed = false;
        for (JsonNode n : names) {
            listed |= key.equals(n.asText());
        }
        if (!listed) {
            names.add(key);
        }
        image.withObject("big-data-sizes").put(key, bytes.length);
        image.withObject("big-data-digests").put(key, Digest.sha256(bytes).toString());
    }

    @Override
    public synchronized void close() throws IOException {
        if (work != null) {
            Trees.deleteRecursively(work);
            work = null;
        }
    }
}
