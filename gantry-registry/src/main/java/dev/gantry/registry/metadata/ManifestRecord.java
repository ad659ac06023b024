package dev.gantry.registry.metadata;

import dev.gantry.digest.Digest;
import dev.gantry.oci.Descriptor;

import java.util.List;

/**
 * A manifest as the metadata store records it. The bytes are in the blob store; here is what the
 * registry needs without parsing them: the media type it was pushed as, its subject and the
 * descriptor the referrers API lists for it, and what it references (config and layers, or an
 * index's children), which a store with its own garbage collection keeps as edges.
 *
 * @param digest     the manifest's digest
 * @param mediaType  the media type it was pushed as
 * @param subject    its subject's digest, or null when it has none
 * @param referrer   the descriptor listed under the subject (artifactType filled in), or null without a subject
 * @param references the descriptors it points at
 */
public record ManifestRecord(Digest digest, String mediaType, Digest subject, Descriptor referrer, List<Descriptor> references) {
    /**
     * Checks that a subject comes with its referrer descriptor.
     *
     * @throws IllegalArgumentException when only one of {@code subject} and {@code referrer} is given
     */
    public ManifestRecord {
        if ((subject == null) != (referrer == null)) {
            throw new IllegalArgumentException("a manifest's subject and its referrer descriptor go together");
        }
        references = List.copyOf(references);
    }
}
