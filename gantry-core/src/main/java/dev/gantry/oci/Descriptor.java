package dev.gantry.oci;

import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;

import java.util.List;
import java.util.Map;

/** descriptor.md: what a piece of content is, its digest and size, and optional hints. */
public record Descriptor(
        String mediaType,
        Digest digest,
        long size,
        List<String> urls,
        Map<String, String> annotations,
        Platform platform,
        String artifactType,
        String data) {

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, null, null, null, null);
    }

    /** Checks the required fields; {@code where} names the document for the error. */
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

    public Descriptor withMediaType(String newType) {
        return new Descriptor(newType, digest, size, urls, annotations, platform, artifactType, data);
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, urls, newAnnotations, platform, artifactType, data);
    }

    public Descriptor withPlatform(Platform newPlatform) {
        return new Descriptor(mediaType, digest, size, urls, annotations, newPlatform, artifactType, data);
    }

    public String annotation(String key) {
        return annotations == null ? null : annotations.get(key);
    }
}
