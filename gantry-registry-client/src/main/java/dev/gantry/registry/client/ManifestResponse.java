package dev.gantry.registry.client;

import dev.gantry.oci.Descriptor;

/** A manifest fetched by tag or digest: its descriptor (media type from Content-Type, digest of the bytes) and raw bytes. */
public record ManifestResponse(Descriptor descriptor, byte[] raw) {
}
