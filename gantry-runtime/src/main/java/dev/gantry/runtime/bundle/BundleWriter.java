package dev.gantry.runtime.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.error.InvalidInputException;
import dev.gantry.image.Image;
import dev.gantry.oci.Json;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.runtime.apply.ImageUnpacker;
import dev.gantry.runtime.apply.Trees;
import dev.gantry.runtime.apply.Warnings;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes an OCI runtime bundle: {@code DIR/rootfs} (the unpacked image) and
 * {@code DIR/config.json} (converted from the image config). config.json is written last,
 * through a temporary file and a rename, so a bundle with a config.json is always complete.
 * Run it with {@code runc run -b DIR NAME} as root.
 */
public final class BundleWriter {
    /**
     * What a bundle write made.
     *
     * @param bundle the bundle directory (absolute, normalised)
     * @param rootfs what the unpack of {@code bundle/rootfs} did, warnings included
     * @param config the runtime config written as {@code bundle/config.json}
     */
    public record Result(Path bundle, ImageUnpacker.Result rootfs, ObjectNode config) {
    }

    private final ExpansionLimits limits;
    private final Warnings warnings;

    /**
     * A writer whose unpacks stay within {@code limits}.
     *
     * @param limits   how far each layer may expand past its stored size
     * @param warnings collects what the unpack could not reproduce
     */
    public BundleWriter(ExpansionLimits limits, Warnings warnings) {
        this.limits = limits;
        this.warnings = warnings;
    }

    /**
     * Unpacks the image into {@code dir/rootfs}, then writes {@code dir/config.json} last, by temp file and
     * rename. The user is resolved against the new rootfs's own etc/passwd and etc/group; the hostname is
     * "gantry-" and the first 12 hex digits of the manifest digest. On failure the directory is left as it was
     * found: removed if this call created it, emptied otherwise.
     *
     * @param image the image to unpack and convert
     * @param dir   a path that does not exist yet, or an empty directory
     * @return the bundle's location, the unpack's result and the config written
     * @throws dev.gantry.error.InvalidInputException when {@code dir} exists and is not an empty directory, or
     *         the image's User names a user or group the rootfs does not define
     * @throws dev.gantry.runtime.apply.UnsafeLayerException   when a layer entry would leave the rootfs
     * @throws dev.gantry.runtime.apply.BrokenLayerException   when a layer is corrupt or fails verification
     * @throws dev.gantry.runtime.apply.LayerTooLargeException when a layer expands past its budget
     * @throws IOException when the image cannot be read from its source, or the bundle's file system fails
     */
    public Result write(Image image, Path dir) throws IOException {
        Path bundle = dir.toAbsolutePath().normalize();
        boolean created = !Files.exists(bundle, LinkOption.NOFOLLOW_LINKS);
        if (!created) {
            requireEmptyDirectory(bundle);
        }
        Files.createDirectories(bundle);
        Path rootfs = bundle.resolve("rootfs");
        try {
            ImageUnpacker.Result unpacked = new ImageUnpacker(limits, warnings).unpack(image, rootfs);
            ProcessUser user = new UserResolver(rootfs).resolve(image.config().config() == null ? null : image.config().config().user());
            String hostname = "gantry-" + image.descriptor().digest().hex().substring(0, 12);
            ObjectNode config = RuntimeConfigBuilder.build(image.config(), user, hostname);
            Path temp = bundle.resolve(".config.json.tmp");
            Files.write(temp, Json.pretty(config).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Files.move(temp, bundle.resolve("config.json"), StandardCopyOption.ATOMIC_MOVE);
            return new Result(bundle, unpacked, config);
        } catch (IOException | RuntimeException e) {
            // Leave the directory as it was found: removed if we made it, emptied otherwise.
            try {
                Trees.deleteRecursively(rootfs);
                Files.deleteIfExists(bundle.resolve(".config.json.tmp"));
                if (created) {
                    Files.deleteIfExists(bundle);
                }
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private static void requireEmptyDirectory(Path bundle) throws IOException {
        if (!Files.isDirectory(bundle, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException(bundle + " exists and is not a directory; a bundle needs a new or empty directory");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(bundle)) {
            if (entries.iterator().hasNext()) {
                throw new InvalidInputException(bundle + " is not empty; a bundle needs a new or empty directory");
            }
        }
    }
}
