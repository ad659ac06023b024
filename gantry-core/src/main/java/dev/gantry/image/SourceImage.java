package dev.gantry.image;

import dev.gantry.digest.Digest;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageConfig;
import dev.gantry.oci.ImageManifest;
import dev.gantry.oci.Json;
import dev.gantry.transport.ImageSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** An image read from an {@link ImageSource}; the config is fetched once, on first use. */
final class SourceImage implements Image {
    private final ImageSource source;
    private final Descriptor descriptor;
    private final byte[] raw;
    private final ImageManifest manifest;
    private byte[] rawConfig;
    private ImageConfig config;

    SourceImage(ImageSource source, Descriptor descriptor, byte[] raw, ImageManifest manifest) {
        this.source = source;
        this.descriptor = descriptor;
        this.raw = raw;
        this.manifest = manifest;
    }

    @Override
    public Descriptor descriptor() {
        return descriptor;
    }

    @Override
    public byte[] rawManifest() {
        return raw.clone();
    }

    @Override
    public ImageManifest manifest() {
        return manifest;
    }

    @Override
    public synchronized byte[] rawConfig() throws IOException {
        if (rawConfig == null) {
            rawConfig = source.readVerified(manifest.config(), Json.MAX_CONFIG_BYTES, "config");
        }
        return rawConfig.clone();
    }

    @Override
    public synchronized ImageConfig config() throws IOException {
        if (config == null) {
            config = Json.parse(rawConfig(), ImageConfig.class, "config " + manifest.config().digest() + " in " + source.describe());
        }
        return config;
    }

    @Override
    public List<Layer> layers() throws IOException {
        List<Descriptor> descriptors = manifest.layers();
        List<Digest> diffIds = descriptors.isEmpty() ? List.of() : config().diffIds();
        List<Layer> layers = new ArrayList<>(descriptors.size());
        for (int i = 0; i < descriptors.size(); i++) {
            layers.add(new SourceLayer(source, descriptors.get(i), i < diffIds.size() ? diffIds.get(i) : null));
        }
        return layers;
    }

    @Override
    public InputStream openBlob(Descriptor blob, long offset) throws IOException {
        return offset > 0 ? source.openBlob(blob, offset) : source.openBlob(blob);
    }
}
