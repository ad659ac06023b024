package dev.gantry.image;

import dev.gantry.digest.Digest;
import dev.gantry.oci.Descriptor;

import java.io.IOException;
import java.io.InputStream;

/** One layer blob of an image. Streams are opened lazily and never held in memory. */
public interface Layer {
    Descriptor descriptor() throws IOException;

    default Digest digest() throws IOException {
        return descriptor().digest();
    }

    default long size() throws IOException {
        return descriptor().size();
    }

    default String mediaType() throws IOException {
        return descriptor().mediaType();
    }

    /** The config's diff_id for this layer (the digest of the uncompressed tar), or null if the config lacks one. */
    Digest diffId() throws IOException;

    /** The stored bytes, verified against {@link #digest()} and {@link #size()} as they are read. */
    InputStream openCompressed() throws IOException;

    /** The uncompressed tar stream; its compression is detected from the bytes, not trusted from the media type. */
    InputStream openUncompressed() throws IOException;
}
