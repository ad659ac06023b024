package dev.gantry.runtime.container;

import dev.gantry.copy.ImageWriter;
import dev.gantry.image.mutate.Addendum;
import dev.gantry.image.mutate.Mutate;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.export.FilesystemTarWriter;
import dev.gantry.runtime.layer.LayerCompression;
import dev.gantry.runtime.layer.LayerWriter;
import dev.gantry.runtime.layer.TarContent;
import dev.gantry.runtime.layer.WrittenLayer;
import dev.gantry.store.ImageStore;
import dev.gantry.store.StoreRoot;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * A container's changes as a new image layer, like {@code docker commit}: the overlay upper
 * directory written as a tar in which the kernel's whiteouts (0/0 character devices) become
 * {@code .wh.NAME} entries and opaque directories get {@code .wh..wh..opq}; then the image the
 * container was made from plus that layer and a history entry ({@link Mutate#append}), written
 * to any target. The
 * build command's RUN step uses {@link #layer} on the same path.
 */
public final class ContainerCommitter {
    private final StoreRoot root;
    private final LayerCompression compression;

    /**
     * A committer for the containers of one store.
     *
     * @param root        the store: where the container's image is read from, and whose {@code tmp/} holds the
     *                    layer file
     * @param compression how the new layer is compressed
     */
    public ContainerCommitter(StoreRoot root, LayerCompression compression) {
        this.root = root;
        this.compression = compression;
    }

    /**
     * The container's upper directory as one layer file in the store's {@code tmp/}, its whiteouts and opaque
     * directories as {@code .wh.} entries. The caller deletes the file.
     *
     * @param container an overlay container
     * @param format    the manifest format the layer is for (zstd is refused for Docker)
     * @param warnings  collects what the tar writer could not represent
     * @return the layer, its digests measured while writing
     * @throws dev.gantry.error.InvalidInputException when the container runs on a copied rootfs
     * @throws IOException when the upper directory cannot be read or the layer cannot be written
     */
    public WrittenLayer layer(Container container, ManifestFormat format, Warnings warnings) throws IOException {
        UpperDir upper = new UpperDir(container.requireOverlay().upperDir());
        Set<String> opaque = upper.opaqueDirs();
        TarContent content = out -> FilesystemTarWriter.forOverlayUpper(warnings, FilesystemTarWriter.EntryPolicy.AS_IS, opaque)
                .write(upper.dir(), out);
        return new LayerWriter(compression, format).write(content, root.dir().resolve("tmp"));
    }

    /**
     * Writes the container's image + its changes as one new layer to {@code target} and commits it. The history
     * entry says the container's command, the time (whole seconds) and {@code message}.
     *
     * @param container an overlay container whose image is still in the store
     * @param target    where the new image goes (committed by this call)
     * @param message   the history entry's comment (null: none)
     * @param warnings  collects what the tar writer could not represent
     * @return the descriptors of the manifest and config written
     * @throws dev.gantry.error.InvalidInputException when the container runs on a copied rootfs
     * @throws dev.gantry.error.NotFoundException     when the container's image is no longer in the store
     * @throws IOException when reading the changes or writing the target fails
     */
    public ImageWriter.Written commit(Container container, ImageTarget target, String message, Warnings warnings) throws IOException {
        try (ImageStore.Stored stored = new ImageStore(root).open(container.imageDigest())) {
            WrittenLayer layer = layer(container, target.preferredFormat(), warnings);
            try {
                String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
                Addendum step = Addendum.of(layer, created, String.join(" ", container.args()), message);
                return ImageWriter.writeImage(Mutate.append(stored.image(), List.of(step)), target);
            } finally {
                Files.deleteIfExists(layer.file());
            }
        }
    }
}
