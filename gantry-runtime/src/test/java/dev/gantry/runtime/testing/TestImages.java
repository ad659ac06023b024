package dev.gantry.runtime.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.digest.Digest;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Json;
import dev.gantry.oci.MediaTypes;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import com.github.luben.zstd.ZstdOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/** Writes tiny OCI layouts (tag "t") from layer bytes through the core's own target, and opens them. */
public final class TestImages {
    public static final String TAG = "t";

    /** A layer as stored: its bytes, media type and the diff_id to put in the config (null: none). */
    public record LayerBlob(byte[] stored, String mediaType, Digest diffId) {
    }

    private TestImages() {
    }

    public static LayerBlob gzip(byte[] tar) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LayerBlob(out.toByteArray(), MediaTypes.OCI_LAYER_GZIP, Digest.sha256(tar));
    }

    public static LayerBlob zstd(byte[] tar) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdOutputStream z = new ZstdOutputStream(out)) {
            z.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LayerBlob(out.toByteArray(), MediaTypes.OCI_LAYER_ZSTD, Digest.sha256(tar));
    }

    public static LayerBlob plain(byte[] tar) {
        return new LayerBlob(tar, MediaTypes.OCI_LAYER, Digest.sha256(tar));
    }

    /** Writes {@code dir} as an OCI layout holding one image of these layers. */
    public static Path layout(Path dir, List<LayerBlob> layers) {
        return layout(dir, layers, config -> { });
    }

    /** As {@link #layout(Path, List)}, letting the caller edit the config (its "config" object exists). */
    public static Path layout(Path dir, List<LayerBlob> layers, Consumer<ObjectNode> editConfig) {
        ObjectNode config = Json.mapper().createObjectNode();
        config.put("created", "2024-01-02T03:04:05Z");
        config.put("architecture", "amd64");
        config.put("os", "linux");
        config.putObject("config");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        ArrayNode history = config.putArray("history");
        for (LayerBlob layer : layers) {
            if (layer.diffId() != null) {
                diffIds.add(layer.diffId().toString());
            }
            history.addObject().put("created_by", "test layer");
        }
        editConfig.accept(config);
        byte[] configBytes = Json.write(config);
        Descriptor configDescriptor = new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(configBytes), configBytes.length);
        ObjectNode manifest = Json.mapper().createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.set("config", Json.mapper().valueToTree(configDescriptor));
        ArrayNode layerArray = manifest.putArray("layers");
        try (ImageTarget target = Transports.openTarget(TransportRef.parse("oci:" + dir + ":" + TAG), null)) {
            for (LayerBlob layer : layers) {
                Descriptor d = new Descriptor(layer.mediaType(), Digest.sha256(layer.stored()), layer.stored().length);
                target.putBlob(d, new ByteArrayInputStream(layer.stored()));
                layerArray.add(Json.mapper().valueToTree(d));
            }
            target.putBlob(configDescriptor, new ByteArrayInputStream(configBytes));
            byte[] manifestBytes = Json.write(manifest);
            Descriptor manifestDescriptor = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256(manifestBytes), manifestBytes.length);
            target.putManifest(manifestDescriptor, manifestBytes);
            target.setRoot(manifestDescriptor);
            target.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    public static String ref(Path layout) {
        return "oci:" + layout + ":" + TAG;
    }

    /** An open image over a layout; close the returned source when done. */
    public record Opened(ImageSource source, Image image) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            source.close();
        }
    }

    public static Opened open(Path layout) {
        try {
            ImageSource source = Transports.openSource(TransportRef.parse(ref(layout)));
            return new Opened(source, (Image) Images.open(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
