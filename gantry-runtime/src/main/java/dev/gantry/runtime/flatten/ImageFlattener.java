package dev.gantry.runtime.flatten;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.digest.Digest;
import dev.gantry.image.Image;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Json;
import dev.gantry.oci.MediaTypes;
import dev.gantry.runtime.apply.ApplyOptions;
import dev.gantry.runtime.apply.ImageUnpacker;
import dev.gantry.runtime.apply.Trees;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.export.FilesystemTarWriter;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Rewrites an image as a single gzip layer holding its merged filesystem. The config is the
 * source's own JSON with only two edits, so every other field (Entrypoint, Env, Labels,
 * platform, unknown extensions) is kept: {@code rootfs.diff_ids} becomes the one new diff_id,
 * and {@code history} collapses into one entry that names the source manifest's digest and
 * keeps the source's creation time. The layer is deterministic (see
 * {@link FilesystemTarWriter}), so flattening the same image twice gives the same digests.
 */
public final class ImageFlattener {
    /** What was written: the new manifest, its layer and the layer's diff_id. */
    public record Result(Descriptor manifest, Descriptor layer, Digest diffId, ImageUnpacker.Result source) {
    }

    /** gzip's usual default: level 1 writes ~3x faster (LIMITS.md: 99 vs 31 MB/s) for a larger layer. */
    public static final int DEFAULT_LEVEL = 6;

    private final ApplyOptions options;
    private final Warnings warnings;
    private final int level;

    public ImageFlattener(ApplyOptions options, Warnings warnings) {
        this(options, warnings, DEFAULT_LEVEL);
    }

    /** @param level gzip compression level, 1 (fastest) to 9 (smallest) */
    public ImageFlattener(ApplyOptions options, Warnings warnings, int level) {
        if (level < 1 || level > 9) {
            throw new dev.gantry.error.InvalidInputException("gzip level " + level + " is not between 1 and 9");
        }
        this.options = options;
        this.warnings = warnings;
        this.level = level;
    }

    public Result flatten(Image image, ImageTarget target, Path tempParent) throws IOException {
        Files.createDirectories(tempParent);
        Path temp = Files.createTempDirectory(tempParent, "gantry-flatten-");
        try {
            Path rootfs = Files.createDirectory(temp.resolve("rootfs"));
            ImageUnpacker.Result unpacked = new ImageUnpacker(options, warnings).applyInto(image, rootfs);
            Path layerFile = temp.resolve("layer.tar.gz");
            HashingOutputStream stored;
            HashingOutputStream uncompressed;
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(layerFile), 1 << 16)) {
                stored = new HashingOutputStream(file);
                GZIPOutputStream gzip = new GZIPOutputStream(stored, 1 << 16) {
                    {
                        def.setLevel(level);
                    }
                };
                uncompressed = new HashingOutputStream(gzip);
                new FilesystemTarWriter(warnings).write(rootfs, uncompressed);
                uncompressed.flush();
                gzip.finish();
                stored.flush();
            }
            Trees.deleteRecursively(rootfs);
            boolean docker = target.preferredFormat() == ManifestFormat.DOCKER;
            Descriptor layer = new Descriptor(docker ? MediaTypes.DOCKER_LAYER_GZIP : MediaTypes.OCI_LAYER_GZIP,
                    stored.digest(), stored.count());
            Digest diffId = uncompressed.digest();
            byte[] config = Json.write(flattenedConfig(image, diffId));
            Descriptor configDescriptor = new Descriptor(docker ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG,
                    Digest.sha256(config), config.length);
            byte[] manifest = Json.write(manifest(docker, configDescriptor, layer));
            Descriptor manifestDescriptor = new Descriptor(docker ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST,
                    Digest.sha256(manifest), manifest.length);
            if (!target.hasBlob(layer)) {
                try (InputStream in = Files.newInputStream(layerFile)) {
                    target.putBlob(layer, in);
                }
            }
            target.putBlob(configDescriptor, new ByteArrayInputStream(config));
            target.putManifest(manifestDescriptor, manifest);
            target.setRoot(manifestDescriptor);
            target.commit();
            return new Result(manifestDescriptor, layer, diffId, unpacked);
        } finally {
            Trees.deleteRecursively(temp);
        }
    }

    /** The source config with rootfs and history replaced; everything else as it was. */
    static ObjectNode flattenedConfig(Image image, Digest diffId) {
        ObjectNode config = (ObjectNode) Json.tree(image.rawConfig(), "config of " + image.descriptor().digest());
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(diffId.toString());
        JsonNode created = config.get("created");
        ArrayNode history = config.putArray("history");
        ObjectNode entry = history.addObject();
        if (created != null && created.isTextual()) {
            entry.put("created", created.asText());
        }
        entry.put("created_by", "gantry flatten");
        entry.put("comment", "flattened " + image.layers().size() + " layer(s) of " + image.descriptor().digest());
        return config;
    }

    private static ObjectNode manifest(boolean docker, Descriptor config, Descriptor layer) {
        ObjectNode manifest = Json.MAPPER.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", docker ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST);
        manifest.set("config", descriptor(config));
        manifest.putArray("layers").add(descriptor(layer));
        return manifest;
    }

    private static ObjectNode descriptor(Descriptor d) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("mediaType", d.mediaType());
        node.put("digest", d.digest().toString());
        node.put("size", d.size());
        return node;
    }
}
