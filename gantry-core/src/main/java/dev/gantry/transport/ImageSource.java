package dev.gantry.transport;

import dev.gantry.digest.VerifyingInputStream;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Json;
import dev.gantry.oci.MediaTypes;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where images are read from: a reference resolved to a root descriptor, and blobs by
 * descriptor. Every transport (layout, archives, later registries) implements this, so
 * inspection, validation and copy work on all of them alike. Listing what a store holds is
 * {@link TagLister}'s, which the sources that can list implement as well.
 */
public interface ImageSource extends Closeable {
    /** How the source names itself in messages and output, e.g. {@code oci:/tmp/img:latest}. */
    String describe();

    /** The manifest or index the reference points at. */
    Descriptor root() throws IOException;

    /** The stored bytes of a blob or manifest, unverified; callers verify while reading. */
    InputStream openBlob(Descriptor descriptor) throws IOException;

    /** A blob's bytes from {@code offset} on, to finish an interrupted copy; unverified, like {@link #openBlob(Descriptor)}. */
    default InputStream openBlob(Descriptor descriptor, long offset) throws IOException {
        return skipTo(openBlob(descriptor), offset);
    }

    /** {@code in} past its first {@code offset} bytes; closed when skipping fails, so no stream leaks. */
    static InputStream skipTo(InputStream in, long offset) throws IOException {
        try {
            in.skipNBytes(offset);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return in;
    }

    /** Where a blob lives inside the source, for error messages ("blobs/sha256/ab..", "base/layer.tar"). */
    default String locate(Descriptor descriptor) {
        return descriptor.digest().toString();
    }

    /** A manifest's bytes, bounded and verified against its descriptor. */
    default byte[] readManifest(Descriptor descriptor) throws IOException {
        if (MediaTypes.isSchema1(descriptor.mediaType())) {
            throw MediaTypes.schema1("manifest " + descriptor.digest() + " (" + locate(descriptor) + " in " + describe() + ")");
        }
        return readVerified(descriptor, Json.MAX_MANIFEST_BYTES, "manifest");
    }

    /** A small JSON blob (manifest, config), refused when larger than {@code limit}, and verified. */
    default byte[] readVerified(Descriptor descriptor, int limit, String kind) throws IOException {
        String what = kind + " " + descriptor.digest() + " (" + locate(descriptor) + " in " + describe() + ")";
        if (descriptor.size() > limit) {
            throw new dev.gantry.error.LimitExceededException(what + " declares " + descriptor.size()
                    + " bytes, over the " + Json.describeSize(limit) + " limit");
        }
        try (InputStream in = new VerifyingInputStream(openBlob(descriptor), descriptor.digest(), descriptor.size(), what)) {
            byte[] bytes = Json.readBounded(in, limit, what);
            // readBounded stops at limit+1 bytes; make sure the verifier saw the end.
            if (in.read() >= 0) {
                throw new dev.gantry.error.DigestMismatchException(what + ": content is longer than its descriptor states");
            }
            return bytes;
        }
    }
}
