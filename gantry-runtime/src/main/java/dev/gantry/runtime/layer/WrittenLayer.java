package dev.gantry.runtime.layer;

import dev.gantry.digest.Digest;
import dev.gantry.oci.Descriptor;

import java.nio.file.Path;

/**
 * A layer blob on disk, ready to be stored: its descriptor (media type for the target's format,
 * digest and size of the compressed bytes), its diff_id (digest of the uncompressed tar) and the
 * temporary file holding it, which the caller deletes when done.
 */
public record WrittenLayer(Descriptor blob, Digest diffId, Path file) {
}
