package dev.gantry.oci;

import dev.gantry.digest.Digest;

/** A manifest or index together with the exact bytes it was read from. Exactly one of the two is set. */
public record ParsedManifest(byte[] raw, String mediaType, ImageManifest manifest, ImageIndex index) {

    public boolean isIndex() {
        return index != null;
    }

    public Descriptor descriptor() {
        return new Descriptor(mediaType, Digest.sha256(raw), raw.length);
    }
}
