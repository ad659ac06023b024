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
import dev.gantry.registry.storage.PathNotFoundException;
import dev.gantry.registry.storage.StorageDriver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One repository: which blobs and manifests it holds (links into the shared store), its tags and its referrers. */
public final class Repository {
    private static final int LINK_LIMIT = 1024;

    private final String name;
    private final StorageDriver driver;
    private final BlobStore blobs;

    Repository(String name, StorageDriver driver, BlobStore blobs) {
        this.name = Names.requireName(name);
        this.driver = driver;
        this.blobs = blobs;
    }

    public String name() {
        return name;
    }

    public boolean exists() {
        return driver.exists(StorageLayout.repository(name));
    }

    // ---- blobs

    public boolean hasBlob(Digest digest) {
        return driver.exists(StorageLayout.layerLink(name, digest)) && blobs.exists(digest);
    }

    /** Size of a blob this repository holds; BLOB_UNKNOWN otherwise. */
    public long blobSize(Digest digest) throws IOException {
        if (!driver.exists(StorageLayout.layerLink(name, digest))) {
            throw blobUnknown(digest);
        }
        return blobs.size(digest).orElseThrow(() -> blobUnknown(digest));
    }

    public void linkBlob(Digest digest) throws IOException {
        driver.putContent(StorageLayout.layerLink(name, digest), digest.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Removes the blob from this repository; the bytes stay until garbage collection, as other repositories may share them. */
    public void unlinkBlob(Digest digest) throws IOException {
        if (!driver.exists(StorageLayout.layerLink(name, digest))) {
            throw blobUnknown(digest);
        }
        try {
            // The link's folder goes too: listings must only hold digests that are linked.
            driver.delete(StorageLayout.layerLink(name, digest).replaceFirst("/link$", ""));
        } catch (PathNotFoundException e) {
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
        String mediaType;
        try {
            mediaType = new String(driver.getContent(StorageLayout.revisionLink(name, digest), LINK_LIMIT), StandardCharsets.UTF_8);
            return new StoredManifest(digest, mediaType, blobs.read(digest, Json.MAX_MANIFEST_BYTES));
        } catch (PathNotFoundException e) {
            throw manifestUnknown(reference);
        }
    }

    public boolean hasManifest(Digest digest) {
        return driver.exists(StorageLayout.revisionLink(name, digest)) && blobs.exists(digest);
    }

    private Digest resolve(String reference) throws IOException {
        if (reference.contains(":")) {
            return References.digest(reference);
        }
        Names.requireTag(reference);
        try {
            String link = new String(driver.getContent(StorageLayout.tagLink(name, reference), LINK_LIMIT), StandardCharsets.UTF_8);
            return Digest.parse(link.strip());
        } catch (PathNotFoundException e) {
            throw manifestUnknown(reference);
        }
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
        driver.putContent(StorageLayout.revisionLink(name, digest), parsed.mediaType().getBytes(StandardCharsets.UTF_8));
        Descriptor subject = parsed.isIndex() ? parsed.index().subject() : parsed.manifest().subject();
        if (subject != null) {
            Descriptor referrer = referrerDescriptor(parsed, digest, raw.length);
            driver.putContent(StorageLayout.referrer(name, subject.digest(), digest), Json.write(referrer));
        }
        for (String tag : tags) {
            driver.putContent(StorageLayout.tagLink(name, tag), digest.toString().getBytes(StandardCharsets.UTF_8));
        }
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
    private void requireReferencedContent(ParsedManifest parsed) {
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
            try {
                driver.delete(StorageLayout.tag(name, reference));
                return;
            } catch (PathNotFoundException e) {
                throw manifestUnknown(reference);
            }
        }
        StoredManifest stored = manifest(reference);
        Digest digest = stored.digest();
        for (String tag : tags()) {
            if (resolveQuietly(tag).filter(digest::equals).isPresent()) {
                driver.delete(StorageLayout.tag(name, tag));
            }
        }
        try {
            ParsedManifest parsed = Manifests.parse(stored.content(), stored.mediaType(), "manifest " + digest);
            Descriptor subject = parsed.isIndex() ? parsed.index().subject() : parsed.manifest().subject();
            if (subject != null && driver.exists(StorageLayout.referrer(name, subject.digest(), digest))) {
                driver.delete(StorageLayout.referrer(name, subject.digest(), digest));
            }
        } catch (GantryException e) {
            // A stored manifest always parsed when pushed; if it no longer does, there is no referrer entry to drop.
        }
        driver.delete(StorageLayout.revisionLink(name, digest).replaceFirst("/link$", ""));
    }

    private Optional<Digest> resolveQuietly(String tag) {
        try {
            return Optional.of(resolve(tag));
        } catch (RegistryException | IOException e) {
            return Optional.empty();
        }
    }

    /** Digests of every manifest stored in this repository, tagged or not. */
    public List<Digest> manifestDigests() throws IOException {
        return linkedDigests(StorageLayout.repository(name) + "/_manifests/revisions");
    }

    /** Digests of every blob linked into this repository. */
    public List<Digest> blobDigests() throws IOException {
        return linkedDigests(StorageLayout.repository(name) + "/_layers");
    }

    /** When the manifest (or, for a blob, its link) was last written here. */
    public java.time.Instant manifestLinkedAt(Digest digest) throws IOException {
        return driver.modified(StorageLayout.revisionLink(name, digest));
    }

    public java.time.Instant blobLinkedAt(Digest digest) throws IOException {
        return driver.modified(StorageLayout.layerLink(name, digest));
    }

    private List<Digest> linkedDigests(String root) throws IOException {
        List<Digest> digests = new ArrayList<>();
        List<String> algorithms;
        try {
            algorithms = driver.list(root);
        } catch (PathNotFoundException e) {
            return digests;
        }
        for (String algorithm : algorithms) {
            for (String hex : driver.list(root + "/" + algorithm)) {
                try {
                    digests.add(Digest.parse(algorithm + ":" + hex));
                } catch (GantryException e) {
                    // not a digest folder: nothing the registry wrote, leave it alone
                }
            }
        }
        return digests;
    }

    /** The descriptors a manifest points at: config and layers, or an index's children. */
    public static List<Descriptor> references(StoredManifest stored) {
        ParsedManifest parsed = Manifests.parse(stored.content(), stored.mediaType(), "manifest " + stored.digest());
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
        try {
            return driver.list(StorageLayout.tags(name));
        } catch (PathNotFoundException e) {
            return List.of();
        }
    }

    // ---- referrers

    /** Descriptors of the manifests whose subject is {@code subject}, optionally only those of one artifact type. */
    public List<Descriptor> referrers(Digest subject, String artifactType) throws IOException {
        return referrers(subject, artifactType, null, Integer.MAX_VALUE).referrers();
    }

    /** One page of referrers and, when more may follow, the cursor to pass as {@code after} for the next page. */
    public record ReferrersPage(List<Descriptor> referrers, String next) {
    }

    /**
     * Up to {@code limit} referrers of {@code subject} in a stable order (by referrer digest),
     * starting after the cursor {@code after}; only the descriptors on the page are read.
     */
    public ReferrersPage referrers(Digest subject, String artifactType, String after, int limit) throws IOException {
        String dir = StorageLayout.referrers(name, subject);
        List<String> entries;
        try {
            entries = driver.list(dir);
        } catch (PathNotFoundException e) {
            return new ReferrersPage(List.of(), null);
        }
        List<Descriptor> result = new ArrayList<>();
        for (String entry : entries) {
            if (after != null && entry.compareTo(after) <= 0) {
                continue;
            }
            if (result.size() == limit) {
                return new ReferrersPage(result, result.isEmpty() ? null : lastEntry(result));
            }
            byte[] json;
            try {
                json = driver.getContent(dir + "/" + entry, Json.MAX_MANIFEST_BYTES);
            } catch (PathNotFoundException e) {
                continue; // deleted while listing
            }
            Descriptor d = Json.parse(json, Descriptor.class, "referrer " + entry);
            if (artifactType == null || artifactType.equals(d.artifactType())) {
                result.add(d);
            }
        }
        return new ReferrersPage(result, null);
    }

    /** The storage entry name of a referrer, which is its page cursor. */
    private static String lastEntry(List<Descriptor> page) {
        Digest digest = page.getLast().digest();
        return digest.algorithm().id() + "-" + digest.hex();
    }
}
