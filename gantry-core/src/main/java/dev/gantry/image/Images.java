package dev.gantry.image;

import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Manifests;
import dev.gantry.oci.ParsedManifest;
import dev.gantry.transport.ImageSource;

import java.io.IOException;

/** Opens the lazy views over a source's manifests and blobs. */
public final class Images {
    private Images() {
    }

    /** The artifact the source's reference points at. */
    public static Artifact open(ImageSource source) throws IOException {
        return open(source, source.root());
    }

    /** The image or index a descriptor names; the manifest is read (bounded, verified) now, blobs later. */
    public static Artifact open(ImageSource source, Descriptor descriptor) throws IOException {
        byte[] raw = source.readManifest(descriptor);
        ParsedManifest parsed = Manifests.parse(raw, descriptor.mediaType(),
                "manifest " + descriptor.digest() + " (" + source.locate(descriptor) + " in " + source.describe() + ")");
        Descriptor exact = new Descriptor(parsed.mediaType(), descriptor.digest(), raw.length,
                descriptor.urls(), descriptor.annotations(), descriptor.platform(), descriptor.artifactType(), null);
        if (parsed.isIndex()) {
            return new SourceIndex(source, exact, raw, parsed.index());
        }
        return new SourceImage(source, exact, raw, parsed.manifest());
    }
}
