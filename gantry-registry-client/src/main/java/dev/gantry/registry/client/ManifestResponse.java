package dev.gantry.registry.client;

import dev.gantry.oci.Descriptor;

/**
 * A manifest fetched by tag or digest ({@link RegistryClient#getManifest}): its descriptor and the exact bytes the
 * registry sent, which are what a copy writes (a manifest is never re-serialised, so its digest holds).
 *
 * @param descriptor the media type from the Content-Type header (else the document's own {@code mediaType}), the
 *                   digest of the bytes (checked against the reference when it was fetched by digest) and their
 *                   length
 * @param raw        the manifest's bytes, at most 4 MiB; the caller must not modify the array
 */
public record ManifestResponse(Descriptor descriptor, byte[] raw) {
}
