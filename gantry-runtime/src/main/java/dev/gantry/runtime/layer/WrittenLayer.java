package dev.gantry.runtime.layer;

import dev.gantry.digest.Digest;
import dev.gantry.image.Layer;
import dev.gantry.image.Layers;
import dev.gantry.oci.Descriptor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A layer blob on disk, ready to be stored: its descriptor (media type for the target's format, digest and size
 * of the compressed bytes), its diff_id (digest of the uncompressed tar) and the temporary file holding it,
 * which the caller deletes when done (after the image using it was written). It is a {@link Layer} value, so it
 * can be appended to any image as it is.
 *
 * @param blob   the compressed blob's descriptor
 * @param diffId the digest of the uncompressed tar
 * @param file   the file holding the compressed bytes
 */
public record WrittenLayer(Descriptor blob, Digest diffId, Path file) implements Layer {
    @Override
    public Descriptor descriptor() {
        return blob;
    }

    @Override
    public InputStream openCompressed() throws IOException {
        return Layers.fromFile(file, blob, diffId).openCompressed();
    }

    @Override
    public InputStream openUncompressed() throws IOException {
        return Layers.fromFile(file, blob, diffId).openUncompressed();
    }
}
