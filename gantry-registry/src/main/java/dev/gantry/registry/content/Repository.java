package dev.gantry.registry.content;

import dev.gantry.digest.Digest;
import dev.gantry.error.GantryException;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageIndex;
import dev.gantry.oci.ImageManifest;
import dev.gantry.oci.Json;
import dev.gantry.oci.Manifests;
import dev.gantry.oci.MediaTypes;
import dev.gantry.oci.ParsedManifest;
import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.MultipleErrorsException;
import dev.gantry.registry.errors.RegistryException;
import dev.gantry.registry.metadata.ManifestRecord;
import dev.gantry.registry.metadata.MetadataStore;
import dev.gantry.registry.metadata.ReferrersPage;
import dev.gantry.registry.storage.PathNotFoundException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One repository: which blobs and manifests it holds (links into the shared store), its tags and
 * its referrers. The registry's rules live here (what a manifest must reference, which media
 * types agree); what is recorded goes to the {@link MetadataStore}, bytes to the {@link BlobStore}.
 */
public final class Repository {
    private final String name;
    private final MetadataStore metadata;
    private final BlobStore blobs;

    Repository(String name, MetadataStore metadata, BlobStore blobs) {
        this.name = Names.requireName(name);
        this.metadata = metadata;
        this.blobs = blobs;
    }

    public String name() {
        return name;
    }

    public boolean exists() {
        return metadata.repositoryExists(name);
    }

    // ---- blobs

    public boolean hasBlob(Digest digest) throws IOException {
        return metadata.blobLinked(name, digest) && blobs.exists(digest);
    }

    /** Size of a blob this repository holds; BLOB_UNKNOWN otherwise. */
    public long blobSize(Digest digest) throws IOException {
        if (!metadata.blobLinked(name, digest)) {
            throw blobUnknown(digest);
        }
        return blobs.size(digest).orElseThrow(() -> blobUnknown(digest));
    }

    public void linkBlob(Digest digest) throws IOException {
        metadata.linkBlob(name, digest);
    }

    /** Removes the blob from this repository; the bytes stay until garbage collection, as other repositories may share them. */
    public void unlinkBlob(Digest digest) throws IOException {
        if (!metadata.unlinkBlob(name, digest)) {
            throw blobUnknown(digest);
        }
    }

    private RegistryException blobUnknown(Digest digest) {
        return new RegistryException(ErrorCode.BLOB_UNKNOWN, "blob " + digest + " is not in repository " + name,
                Map.of("digest", digest.toString()));
    }

    // ---- manifests

    /** Resolves a tag or digest reference to a stored manifest; MANIFEST_UNKNOWN otherwise. */
    public StoredManifest manifest(String reference) throws IOException {
        Digest digest = resolve(reference);
        String mediaType = metadata.manifestMediaType(name, digest).orElseThrow(() -> manifestUnknown(reference));
        try {
            return new StoredManifest(digest, mediaType, blobs.read(digest, Json.MAX_MANIFEST_BYTES));
        } catch (PathNotFoundException e) {
            throw manifestUnknown(reference);
        }
    }

    public boolean hasManifest(Digest digest) throws IOException {
        return metadata.manifestLinked(name, digest) && blobs.exists(digest);
    }

    private Digest resolve(String reference) throws IOException {
        if (reference.contains(":")) {
            return References.digest(reference);
        }
        Names.requireTag(reference);
        return metadata.tag(name, reference).orElseThrow(() -> manifestUnknown(reference));
    }

    private RegistryException manifestUnknown(String reference) {
        return new RegistryException(ErrorCode.MANIFEST_UNKNOWN, "manifest " + reference + " is not in repository " + name,
                Map.of("name", name, "reference", reference));
    }

    /**
     * Stores a manifest pushed to {@code reference} (a tag or its digest), after checking that it
     * parses, that its declared media type agrees with {@code contentType}, that a digest reference
     * matches, and that everything it references is in this repository. {@code extraTags} are
     * the ?tag= parameters of a push by digest.
     */
    public PutManifestResult putManifest(String reference, byte[] raw, String contentType, List<String> extraTags) throws IOException {
        Set<String> tags = new LinkedHashSet<>();
        Digest digest;
        if (reference.contains(":")) {
            Digest given = References.digest(reference);
            digest = Digest.of(given.algorithm(), raw);
            if (!digest.equals(given)) {
                throw new RegistryException(ErrorCode.DIGEST_INVALID, "manifest hashes to " + digest + ", not " + given,
                        Map.of("digest", given.toString()));
            }
        } else {
            tags.add(Names.requireTag(reference));
            digest = Digest.sha256(raw);
        }
        for (String tag : extraTags) {
            tags.add(Names.requireTag(tag));
        }
        ParsedManifest parsed = parse(raw, contentType);
        requireReferencedContent(parsed);
        blobs.put(digest, raw);
        Descriptor subject = parsed.isIndex() ? parsed.index().subject() : parsed.manifest().subject();
        Descriptor referrer = subject == null ? null : referrerDescriptor(parsed, digest, raw.length);
        metadata.putManifest(name, new ManifestRecord(digest, parsed.mediaType(), subject == null ? null : subject.digest(), referrer,
                references(parsed)), List.copyOf(tags));
        return new PutManifestResult(digest, subject == null ? null : subject.digest(), List.copyOf(tags));
    }
    private static ParsedManifest parse(byte[] raw, String contentType) {
        String hint = contentType == null ? null : contentType.split(";", 2)[0].strip();
        ParsedManifest parsed;
        try {
            parsed = Manifests.parse(raw, MediaTypes.isManifest(hint) ? hint : null, "manifest");
        } catch (GantryException e) {
            throw new RegistryException(ErrorCode.MANIFEST_INVALID, e.getMessage());
        }
        if (hint != null && MediaTypes.isManifest(hint) && !hint.equals(parsed.mediaType())) {
            throw new RegistryException(ErrorCode.MANIFEST_INVALID, "manifest declares media type " + parsed.mediaType()
                    + " but was sent with Content-Type " + hint);
        }
        return parsed;
    }

    /** Every config, layer and child the manifest names must be here (MANIFEST_BLOB_UNKNOWN lists each missing one). */
    private void requireReferencedContent(ParsedManifest parsed) throws IOException {
        List<RegistryException> missing = new ArrayList<>();
        if (parsed.isIndex()) {
            for (Descriptor child : parsed.index().manifests()) {
                if (!hasManifest(child.digest())) {
                    missing.add(referenceUnknown(child, "manifest"));
                }
            }
        } else {
            ImageManifest manifest = parsed.manifest();
            if (!hasBlob(manifest.config().digest())) {
                missing.add(referenceUnknown(manifest.config(), "config"));
            }
            for (Descriptor layer : manifest.layers()) {
                boolean foreign = MediaTypes.isNonDistributable(layer.mediaType()) && layer.urls() != null && !layer.urls().isEmpty();
                if (!foreign && !hasBlob(layer.digest())) {
                    missing.add(referenceUnknown(layer, "layer"));
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new MultipleErrorsException(missing);
        }
    }

    private RegistryException referenceUnknown(Descriptor descriptor, String what) {
        return new RegistryException(ErrorCode.MANIFEST_BLOB_UNKNOWN, what + " " + descriptor.digest()
                + " is not in repository " + name + "; push it before the manifest", Map.of("digest", descriptor.digest().toString()));
    }

    /** The descriptor the referrers API lists: artifactType falls back to the config's media type, as image-spec says. */
    private static Descriptor referrerDescriptor(ParsedManifest parsed, Digest digest, long size) {
        String artifactType;
        Map<String, String> annotations;
        if (parsed.isIndex()) {
            ImageIndex index = parsed.index();
            artifactType = index.artifactType();
            annotations = index.annotations();
        } else {
            ImageManifest manifest = parsed.manifest();
            artifactType = manifest.artifactType() != null ? manifest.artifactType() : manifest.config().mediaType();
            annotations = manifest.annotations();
        }
        return new Descriptor(parsed.mediaType(), digest, size, null, annotations, null, artifactType, null);
    }

    /**
     * Deletes a manifest by digest (with the tags that point at it and its referrer entry), or
     * just a tag. The manifest bytes stay in the shared store until garbage collection.
     */
    public void deleteManifest(String reference) throws IOException {
        if (!reference.contains(":")) {
            Names.requireTag(reference);
            if (!metadata.deleteTag(name, reference)) {
                throw manifestUnknown(reference);
            }
            return;
        }
        StoredManifest stored = manifest(reference);
        Digest subject = null;
        try {
            ParsedManifest parsed = Manifests.parse(stored.content(), stored.mediaType(), "manifest " + stored.digest());
            Descriptor described = parsed.isIndex() ? parsed.index().subject() : parsed.manifest().subject();
            subject = described == null ? null : described.digest();
        } catch (GantryException e) {
            // A stored manifest always parsed when pushed; if it no longer does, there is no referrer entry to drop.
        }
        if (!metadata.deleteManifest(name, stored.digest(), subject)) {
            throw manifestUnknown(reference);
        }
    }

    /** Digests of every manifest stored in this repository, tagged or not. */
    public List<Digest> manifestDigests() throws IOException {
        return metadata.manifests(name);
    }

    /** Digests of every blob linked into this repository. */
    public List<Digest> blobDigests() throws IOException {
        return metadata.linkedBlobs(name);
    }

    /** When the manifest (or, for a blob, its link) was last written here. */
    public java.time.Instant manifestLinkedAt(Digest digest) throws IOException {
        return metadata.manifestLinkedAt(name, digest);
    }

    public java.time.Instant blobLinkedAt(Digest digest) throws IOException {
        return metadata.blobLinkedAt(name, digest);
    }

    /** The descriptors a manifest points at: config and layers, or an index's children. */
    public static List<Descriptor> references(StoredManifest stored) {
        return references(Manifests.parse(stored.content(), stored.mediaType(), "manifest " + stored.digest()));
    }

    private static List<Descriptor> references(ParsedManifest parsed) {
        if (parsed.isIndex()) {
            return parsed.index().manifests();
        }
        List<Descriptor> all = new ArrayList<>();
        all.add(parsed.manifest().config());
        all.addAll(parsed.manifest().layers());
        return all;
    }

    // ---- tags

    /** Every tag, sorted; an empty list when the repository has none. */
    public List<String> tags() throws IOException {
        return metadata.tags(name);
    }

    /** Up to {@code limit} tags after {@code last} (null: from the first), sorted: one page, paged by the store. */
    public List<String> tags(String last, int limit) throws IOException {
        return metadata.tags(name, last, limit);
    }

    // ---- referrers

    /** Descriptors of the manifests whose subject is {@code subject}, optionally only those of one artifact type. */
    public List<Descriptor> referrers(Digest subject, String artifactType) throws IOException {
        return referrers(subject, artifactType, null, Integer.MAX_VALUE).referrers();
    }

    /**
     * Up to {@code limit} referrers of {@code subject} in a stable order, starting after the
     * cursor {@code after}; only the descriptors on the page are read.
     */
    public ReferrersPage referrers(Digest subject, String artifactType, String after, int limit) throws IOException {
        return metadata.referrers(name, subject, artifactType, after, limit);
    }
}
