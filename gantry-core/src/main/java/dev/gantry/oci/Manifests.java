package dev.gantry.oci;

import dev.gantry.error.InvalidInputException;
import dev.gantry.error.UnsupportedFormatException;

import java.util.List;

/** Recognises and parses a manifest document whatever its kind, keeping the raw bytes. */
public final class Manifests {
    private Manifests() {
    }

    /**
     * Parses {@code raw} as an image manifest or an index. The media type comes from the
     * document itself; when it has none (allowed by OCI) the shape decides, and {@code hint}
     * (the descriptor's type, may be null) breaks ties. This is the one gate every manifest passes,
     * whoever reads it, so one digest means one thing to all of them (see {@code requireUnambiguous}).
     * One streaming pass reads the document ({@link OciJsonReader.ManifestFields}); the checks
     * below run on what it found, in the order they always have: JSON syntax, schemaVersion and
     * mediaType, ambiguity, then the fields' kinds, then each descriptor.
     *
     * @param raw   the document's bytes, read with {@link Json#MAX_MANIFEST_BYTES} as the limit
     * @param hint  the type it was named by (its descriptor's or the Content-Type), or null
     * @param where names the document in errors
     * @return the parsed document with its raw bytes
     * @throws InvalidInputException      when the document is malformed, ambiguous, or a descriptor in it is invalid
     * @throws UnsupportedFormatException when it is schema1 or of a kind that is not a manifest
     */
    public static ParsedManifest parse(byte[] raw, String hint, String where) {
        OciJsonReader.ManifestFields doc = OciJsonReader.ManifestFields.read(raw, where, null);
        if (doc.mediaTypeNotAString != null) {
            throw new InvalidInputException(where + ": mediaType must be a string, found " + doc.mediaTypeNotAString);
        }
        String declared = doc.mediaType;
        // Only an integer counts: "2" and 2.5 are not 2.
        int schemaVersion = doc.schemaVersion == null ? -1 : doc.schemaVersion;
        if (schemaVersion == 1 || MediaTypes.isSchema1(declared) || MediaTypes.isSchema1(hint)) {
            throw MediaTypes.schema1(where);
        }
        if (schemaVersion != 2) {
            throw new InvalidInputException(where + ": schemaVersion must be 2, found " + doc.schemaVersionText);
        }
        String type = declared != null ? declared : guessType(doc, hint);
        requireUnambiguous(doc, declared, hint, type, where);
        if (MediaTypes.isIndex(type)) {
            doc.throwProblem(where, "ImageIndex");
            ImageIndex index = doc.index();
            requireValid(index.manifests(), doc, where + " manifests");
            requireValid(index.subject(), doc, where + " subject");
            return new ParsedManifest(raw, type, null, index);
        }
        if (MediaTypes.isImageManifest(type) || (declared == null && doc.hasConfig)) {
            doc.throwProblem(where, "ImageManifest");
            ImageManifest manifest = doc.manifest();
            if (manifest.config() == null) {
                throw new InvalidInputException(where + ": image manifest has no config descriptor");
            }
            requireValid(manifest.config(), doc, where + " config");
            requireValid(manifest.layers(), doc, where + " layers");
            requireValid(manifest.subject(), doc, where + " subject");
            return new ParsedManifest(raw, type, manifest, null);
        }
        throw new UnsupportedFormatException(where + ": unsupported manifest media type " + type);
    }

    /**
     * One digest must mean one thing to every client (CVE-2021-41190): a document that could be read
     * as an image by one and as an index by another is refused, as is a {@code mediaType} that
     * disagrees with the type it was named by (a descriptor's, or a Content-Type). Image-spec 1.0.2
     * forbids both; clients that go by the Content-Type and clients that go by the body's fields
     * would otherwise see different content under the same digest.
     */
    private static void requireUnambiguous(OciJsonReader.ManifestFields doc, String declared, String hint, String type,
                                           String where) {
        boolean hasManifests = doc.hasManifests;
        String imageField = doc.hasLayers ? "layers" : doc.hasConfig ? "config" : null;
        if (hasManifests && imageField != null) {
            throw new InvalidInputException(where + ": ambiguous manifest: it has both \"manifests\" (an index's field) and \""
                    + imageField + "\" (an image manifest's field); one document must be one or the other");
        }
        if (declared != null && MediaTypes.isManifest(hint) && !declared.equals(hint)) {
            throw new InvalidInputException(where + ": the document declares mediaType " + declared
                    + " but was named as " + hint + " (by its descriptor or Content-Type)");
        }
        if (MediaTypes.isIndex(type) && imageField != null) {
            throw new InvalidInputException(where + ": an index (" + type + ") must not have \"" + imageField + "\"");
        }
        if (MediaTypes.isImageManifest(type) && hasManifests) {
            throw new InvalidInputException(where + ": an image manifest (" + type + ") must not have \"manifests\"");
        }
    }

    private static void requireValid(List<Descriptor> descriptors, OciJsonReader.ManifestFields doc, String where) {
        for (int i = 0; i < descriptors.size(); i++) {
            if (descriptors.get(i) == null) {
                throw new InvalidInputException(where + "[" + i + "] is null, not a descriptor");
            }
            requireValid(descriptors.get(i), doc, where + "[" + i + "]");
        }
    }

    /** {@link Descriptor#requireValid}, plus a size that is present: the record reads a missing size as 0. */
    private static void requireValid(Descriptor descriptor, OciJsonReader.ManifestFields doc, String where) {
        if (descriptor == null) {
            return;
        }
        descriptor.requireValid(where);
        OciJsonReader.SizeProblem size = doc.sizeProblems.of(descriptor);
        if (size != null) {
            throw new InvalidInputException(where + ": descriptor " + descriptor.digest() + " has " + size.problem()
                    + "; descriptor.md requires size, the content's length in bytes");
        }
    }

    private static String guessType(OciJsonReader.ManifestFields doc, String hint) {
        if (hint != null && MediaTypes.isManifest(hint)) {
            return hint;
        }
        if (doc.hasManifests) {
            return MediaTypes.OCI_INDEX;
        }
        if (doc.hasConfig) {
            return MediaTypes.OCI_MANIFEST;
        }
        return hint;
    }
}
