package dev.gantry.image;

import dev.gantry.digest.Digest;
import dev.gantry.digest.VerifyingInputStream;
import dev.gantry.oci.Descriptor;
import dev.gantry.transport.ImageSource;

import java.io.IOException;
import java.io.InputStream;

/** A layer blob of an {@link ImageSource}. */
record SourceLayer(ImageSource source, Descriptor descriptor, Digest diffId) implements Layer {

    @Override
    public InputStream openCompressed() throws IOException {
        return new VerifyingInputStream(source.openBlob(descriptor), descriptor.digest(), descriptor.size(), what());
    }

    private String what() {
        return "layer " + descriptor.digest() + " (" + source.locate(descriptor) + " in " + source.describe() + ")";
    }

    @Override
    public InputStream openUncompressed() throws IOException {
        return VerifiedAtEnd.decompress(openCompressed(), what());
    }
}
