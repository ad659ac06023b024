package dev.gantry.oci;

import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;

import java.util.List;
import java.util.Map;

/**
 * descriptor.md: what a piece of content is, its digest and size, and optional hints. Every blob
 * and manifest is opened through its descriptor, so its digest and size can be verified as it is
 * read. A record read from JSON is not checked until {@link #requireValid} is called (the manifest
 * parser does so for every descriptor it returns).
 *
 * @param mediaType    what the content is, e.g. {@link MediaTypes#OCI_LAYER_GZIP}
 * @param digest       the digest of the content's exact bytes
 * @param size         the content's length in bytes
 * @param urls         where a non-distributable layer can be fetched instead, or null
 * @param annotations  free-form metadata (e.g. {@code org.opencontainers.image.ref.name} in a layout's index), or null
 * @param platform     the platform of the image it names, in an index, or null
 * @param artifactType the artifact's type, when the content is an artifact manifest, or null
 * @param data         the content itself, base64-encoded, when embedded; null otherwise
 */
public record Descriptor(
        String mediaType,
        Digest digest,
        long size,
        List<String> urls,
        Map<String, String> annotations,
        Platform platform,
        String artifactType,
        String data) {

    /**
     * A descriptor with only the required fields, as Gantry writes for the content it makes.
     *
     * @param mediaType what the content is
     * @param digest    the digest of its bytes
     * @param size      its length in bytes
     */
    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, null, null, null, null);
    }

    /**
     * Checks the required fields: a media type, a digest, a size that is not negative.
     *
     * @param where names the document holding the descriptor, for the error
     * @return this descriptor, for chaining
     * @throws InvalidInputException naming the missing or wrong field
     */
    public Descriptor requireValid(String where) {
        if (mediaType == null || mediaType.isBlank()) {
            throw new InvalidInputException(where + ": descriptor has no mediaType");
        }
        if (digest == null) {
            throw new InvalidInputException(where + ": descriptor of type " + mediaType + " has no digest");
        }
        if (size < 0) {
            throw new InvalidInputException(where + ": descriptor " + digest + " has negative size " + size);
        }
        return this;
    }

    /**
     * {@return this descriptor with another media type, as when a manifest is converted between families}
     *
     * @param newType the type to put in
     */
    public Descriptor withMediaType(String newType) {
        return new Descriptor(newType, digest, size, urls, annotations, platform, artifactType, data);
    }

    /**
     * {@return this descriptor with its annotations replaced}
     *
     * @param newAnnotations the annotations, or null for none
     */
    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, urls, newAnnotations, platform, artifactType, data);
    }

    /**
     * {@return this descriptor with its platform replaced, as an index entry states it}
     *
     * @param newPlatform the platform, or null for none
     */
    public Descriptor withPlatform(Platform newPlatform) {
        return new Descriptor(mediaType, digest, size, urls, annotations, newPlatform, artifactType, data);
    }

    /**
     * {@return one annotation's value, or null when it (or every annotation) is absent}
     *
     * @param key the annotation's name
     */
    public String annotation(String key) {
        return annotations == null ? null : annotations.get(key);
    }
}
