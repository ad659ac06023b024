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

    /**
     * Opens the artifact the source's reference points at; its manifest is read now, the rest on demand.
     *
     * @param source the source, which must stay open while the artifact is used
     * @return an {@link Image} or an {@link Index}
     * @throws dev.gantry.error.NotFoundException       when the reference names nothing in the source
     * @throws dev.gantry.error.InvalidInputException   when the manifest is malformed or ambiguous
     * @throws dev.gantry.error.DigestMismatchException when the stored manifest is not the one named
     * @throws IOException                              when the source cannot be read
     */
    public static Artifact open(ImageSource source) throws IOException {
        return open(source, source.root());
    }

    /**
     * Opens the image or index a descriptor names; the manifest is read (bounded, verified) now, blobs later.
     *
     * @param source     the source holding it, which must stay open while the artifact is used
     * @param descriptor the manifest's descriptor, as the document naming it gives it
     * @return an {@link Image} or an {@link Index}
     * @throws dev.gantry.error.InvalidInputException   when the manifest is malformed or ambiguous
     * @throws dev.gantry.error.DigestMismatchException when the stored manifest is not the one named
     * @throws IOException                              when the source cannot be read
     */
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
