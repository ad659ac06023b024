package dev.gantry.image;

import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageIndex;
import dev.gantry.transport.ImageSource;

import java.io.IOException;

/** An index read from an {@link ImageSource}. */
final class SourceIndex implements Index {
    private final ImageSource source;
    private final Descriptor descriptor;
    private final byte[] raw;
    private final ImageIndex manifest;

    SourceIndex(ImageSource source, Descriptor descriptor, byte[] raw, ImageIndex manifest) {
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
    public ImageIndex manifest() {
        return manifest;
    }

    @Override
    public Artifact child(Descriptor child) throws IOException {
        return Images.open(source, child);
    }
}
