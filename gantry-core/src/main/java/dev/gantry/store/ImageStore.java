package dev.gantry.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.copy.CopyOptions;
import dev.gantry.copy.ImageCopier;
import dev.gantry.copy.ImageWriter;
import dev.gantry.error.NotFoundException;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.PlatformSelector;
import dev.gantry.oci.Json;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.RemoteOptions;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.transport.files.DirTree;
import dev.gantry.transport.layout.OciLayout;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The store's images, what {@code pull} writes and {@code run}, {@code build}, {@code images}
 * and {@code rmi} read: one OCI layout ({@code ROOT/images}) where every image is tagged by its
 * full name (a registry image by its normalised reference, e.g.
 * {@code docker.io/library/busybox:latest}; a local one by the location it came from) and blobs
 * are stored once by digest, whichever image brought them. Looking an image up never touches
 * the network when the name is present, as {@code docker run} uses a local image before pulling.
 */
public final class ImageStore {
    /**
     * An image opened from the store; close it when done reading layers.
     *
     * @param name   the name it is stored under
     * @param source the store's layout, open while the image is read
     * @param image  the image (this host's platform when the name holds an index)
     */
    public record Stored(String name, ImageSource source, Image image) implements Closeable {
        @Override
        public void close() throws IOException {
            source.close();
        }
    }

    private final StoreRoot root;

    /**
     * The images of one store; nothing is read or created until asked.
     *
     * @param root the store
     */
    public ImageStore(StoreRoot root) {
        this.root = root;
    }

    /**
     * {@return the stored images' names, in index.json order (none when the store is empty)}
     *
     * @throws IOException when the store's index cannot be read
     */
    public List<String> names() throws IOException {
        if (!Files.exists(root.images().resolve(OciLayout.INDEX_FILE))) {
            return List.of();
        }
        try (DirTree layout = new DirTree(root.images())) {
            return OciLayout.names(OciLayout.readIndex(layout));
        }
    }

    /**
     * Opens a stored image by its name.
     *
     * @param name the exact name it is stored under (see {@link #storedName})
     * @return the image with its open source; the caller closes it
     * @throws NotFoundException when nothing is stored under the name, or not for this host's platform
     * @throws IOException       when the store cannot be read
     */
    public Stored open(String name) throws IOException {
        ImageSource source = Transports.openSource(new TransportRef(TransportRef.Kind.OCI, root.images(), name, null));
        try {
            return new Stored(name, source, PlatformSelector.select(Images.open(source), null));
        } catch (IOException | RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /**
     * The stored name a user's reference means: itself when stored under that name; else a
     * registry reference's normalised form.
     *
     * @param ref an image as a user names it ({@code busybox}, {@code oci:/tmp/x:v1})
     * @return the name it is stored under, or null when {@code ref} names nothing stored
     * @throws IOException when the store's index cannot be read
     */
    public String storedName(String ref) throws IOException {
        List<String> names = names();
        if (names.contains(ref)) {
            return ref;
        }
        String name = nameFor(TransportRef.parse(ref), ref);
        return names.contains(name) ? name : null;
    }

    /**
     * Opens the image {@code ref} names, copying it into the store first when absent (pull, or copy
     * of a local image), as {@code docker run} does; the copy runs under the store's lock.
     *
     * @param ref    an image as a user names it
     * @param remote how to reach a registry, when {@code ref} names one
     * @param copy   how to copy (platform, jobs, progress)
     * @return the stored image; the caller closes it
     * @throws NotFoundException when {@code ref} names nothing, here or at its source
     * @throws IOException       when reading or copying fails
     */
    public Stored openOrPull(String ref, RemoteOptions remote, CopyOptions copy) throws IOException {
        String stored = storedName(ref);
        if (stored != null) {
            return open(stored);
        }
        TransportRef from = TransportRef.parse(ref);
        TransportRef to = destinationFor(from, ref);
        FileLock lock = root.lock();
        try (ImageSource source = Transports.openSource(from, remote);
             ImageTarget target = Transports.openTarget(to, null)) {
            new ImageCopier(source, target, copy).copy();
        } finally {
            StoreRoot.release(lock);
        }
        return open(to.selector());
    }

    /**
     * Where an image copied in from {@code from} goes: the store's layout, under the name
     * {@link #storedName} later finds it by ({@code text} is how the user wrote a local
     * location). Writers hold {@link StoreRoot#lock()} while they copy.
     *
     * @param from where the image comes from
     * @param text how the user wrote {@code from}
     * @return an OCI layout reference into the store
     */
    public TransportRef destinationFor(TransportRef from, String text) {
        return new TransportRef(TransportRef.Kind.OCI, root.images(), nameFor(from, text), null);
    }

    /**
     * Writes an image value into the store under {@code name} (only the blobs the store lacks),
     * replacing what the name pointed at; the write runs under the store's lock.
     *
     * @param name  the name to store it under
     * @param image the image
     * @return {@code name}, for a {@code ContainerSpec}
     * @throws IOException when reading the image or writing fails
     */
    public String put(String name, Image image) throws IOException {
        FileLock lock = root.lock();
        try (ImageTarget target = Transports.openTarget(new TransportRef(TransportRef.Kind.OCI, root.images(), name, null), null)) {
            ImageWriter.write(image, target);
        } finally {
            StoreRoot.release(lock);
        }
        return name;
    }

    /**
     * Removes the name from the store's index (blobs stay until a prune).
     *
     * @param name the stored name
     * @throws NotFoundException when nothing is stored under it
     * @throws IOException       when the index cannot be read or rewritten
     */
    public void untag(String name) throws IOException {
        Path index = root.images().resolve(OciLayout.INDEX_FILE);
        FileLock lock = root.lock();
        try {
            if (!names().contains(name)) {
                throw new NotFoundException("no image named '" + name + "' in " + root.images() + "; see gantry images");
            }
            ObjectNode tree = (ObjectNode) Json.tree(Files.readAllBytes(index), index.toString());
            ArrayNode kept = Json.mapper().createArrayNode();
            for (JsonNode entry : tree.path("manifests")) {
                JsonNode annotations = entry.path("annotations");
                if (!name.equals(annotations.path(OciLayout.REF_NAME).asText(null))
                        && !name.equals(annotations.path(OciLayout.CONTAINERD_IMAGE_NAME).asText(null))) {
                    kept.add(entry);
                }
            }
            tree.set("manifests", kept);
            Path temp = index.resolveSibling(".index.json.tmp");
            Files.write(temp, Json.write(tree));
            Files.move(temp, index, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            StoreRoot.release(lock);
        }
    }

    /** A registry image is stored under its normalised reference, a local one under the location as given. */
    private static String nameFor(TransportRef ref, String text) {
        return ref.kind() == TransportRef.Kind.REGISTRY ? ref.reference().toString() : text;
    }
}
