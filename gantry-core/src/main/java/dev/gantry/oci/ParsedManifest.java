package dev.gantry.oci;

import dev.gantry.digest.Digest;

/**
 * A manifest or index together with the exact bytes it was read from. Exactly one of
 * {@code manifest} and {@code index} is set; writers forward {@code raw}, never a re-serialisation.
 *
 * @param raw       the document's exact bytes
 * @param mediaType the type it was recognised as: its declared type, else the one its shape and the
 *                  descriptor's hint gave
 * @param manifest  the image manifest, or null for an index
 * @param index     the index, or null for an image manifest
 */
public record ParsedManifest(byte[] raw, String mediaType, ImageManifest manifest, ImageIndex index) {

    /** {@return true when the document is an index (or manifest list) rather than an image manifest} */
    public boolean isIndex() {
        return index != null;
    }

    /** {@return a descriptor of the raw bytes (type, SHA-256, size), as a writer that stores them names them} */
    public Descriptor descriptor() {
        return new Descriptor(mediaType, Digest.sha256(raw), raw.length);
    }
}
