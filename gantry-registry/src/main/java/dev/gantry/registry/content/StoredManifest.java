package dev.gantry.registry.content;

import dev.gantry.digest.Digest;

/** A manifest as stored: its exact bytes, the digest they hash to, and the media type it was pushed as. */
public record StoredManifest(Digest digest, String mediaType, byte[] content) {
}
