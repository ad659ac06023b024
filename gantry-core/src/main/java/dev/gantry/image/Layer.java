package dev.gantry.image;

import dev.gantry.digest.Digest;
import dev.gantry.oci.Descriptor;

import java.io.IOException;
import java.io.InputStream;

/**
 * One layer blob of an image. Streams are opened lazily and never held in memory. Its digests are
 * known without reading for a layer from a source (its manifest and config name them); a layer
 * made from a file measures the file on first use, hence the {@link IOException}s.
 */
public interface Layer {
    /**
     * {@return the layer's descriptor: media type, digest and size of the stored bytes}
     *
     * @throws IOException when a layer measured on first use cannot read its file
     */
    Descriptor descriptor() throws IOException;

    /**
     * {@return the digest of the stored (usually compressed) bytes}
     *
     * @throws IOException when a layer measured on first use cannot read its file
     */
    default Digest digest() throws IOException {
        return descriptor().digest();
    }

    /**
     * {@return the size of the stored bytes}
     *
     * @throws IOException when a layer measured on first use cannot read its file
     */
    default long size() throws IOException {
        return descriptor().size();
    }

    /**
     * {@return the media type, as the manifest names it (readers trust the bytes, not this, for the compression)}
     *
     * @throws IOException when a layer measured on first use cannot read its file
     */
    default String mediaType() throws IOException {
        return descriptor().mediaType();
    }

    /**
     * {@return the config's diff_id for this layer (the digest of the uncompressed tar), or null if the config lacks one}
     *
     * @throws IOException when a layer measured on first use cannot read its file
     */
    Digest diffId() throws IOException;

    /**
     * Opens the stored bytes, verified against {@link #digest()} and {@link #size()} as they are read:
     * the read that reaches the end (or passes the size) throws on a mismatch.
     *
     * @return the stored bytes; the caller closes it
     * @throws IOException when the blob cannot be opened
     */
    InputStream openCompressed() throws IOException;

    /**
     * Opens the uncompressed tar; its compression is detected from the bytes, not trusted from the
     * media type. When the tar ends, the stored bytes are read to their end and verified, so a
     * reader that reaches end-of-stream has verified content.
     *
     * @return the uncompressed tar; the caller closes it
     * @throws IOException when the blob cannot be opened or its compression header read
     */
    InputStream openUncompressed() throws IOException;
}
