package dev.gantry.registry.content;

import dev.gantry.digest.Digest;
import dev.gantry.error.GantryException;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Json;
import dev.gantry.registry.metadata.ManifestRecord;
import dev.gantry.registry.metadata.MetadataStore;
import dev.gantry.registry.metadata.ReferrersPage;
import dev.gantry.registry.metadata.UploadSession;
import dev.gantry.registry.storage.PathNotFoundException;
import dev.gantry.registry.storage.StorageDriver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The metadata kept as small files in the storage tree beside the blobs, in the layout
 * {@link StorageLayout} documents (distribution's, plus {@code _referrers}): the embedded
 * default, needing nothing but a {@link StorageDriver}. Each record is one object written with
 * {@link StorageDriver#putContent} (atomic, with the folders it needs), so a crash leaves it
 * whole or absent.
 */
public final class TreeMetadataStore implements MetadataStore {
    private static final int LINK_LIMIT = 1024;
    private static final Pattern UPLOAD_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final StorageDriver driver;

    /**
     * A store in the tree of {@code driver}.
     *
     * @param driver where the tree is
     */
    public TreeMetadataStore(StorageDriver driver) {
        this.driver = driver;
    }

    @Override
    public boolean repositoryExists(String repository) {
        return driver.exists(StorageLayout.repository(repository));
    }

    /**
     * Folders under /repositories that hold blobs or manifests. A walk of the tree with sorted
     * children yields catalog order, so a page walks only the subtrees at or after {@code last}
     * and stops when it is full.
     */
    @Override
    public List<String> repositories(String last, int limit) throws IOException {
        List<String> names = new ArrayList<>();
        collect(StorageLayout.REPOSITORIES, "", last, limit, names);
        return names;
    }

    /** False once the page is full. */
    private boolean collect(String path, String prefix, String last, int limit, List<String> names) throws IOException {
        List<String> children;
        try {
            children = driver.list(path);
        } catch (PathNotFoundException e) {
            return true;
        }
        if (!prefix.isEmpty() && (children.contains("_manifests") || children.contains("_layers"))
                && (last == null || Registry.compareNames(prefix, last) > 0)) {
            names.add(prefix);
            if (names.size() >= limit) {
                return false;
            }
        }
        for (String child : children) {
            String name = prefix.isEmpty() ? child : prefix + "/" + child;
            if (child.startsWith("_") || !Names.isName(name)) {
                continue;
            }
            // Everything under name sorts before last unless last is name itself or lies under it.
            if (last != null && Registry.compareNames(name, last) < 0 && !last.startsWith(name + "/")) {
                continue;
            }
            if (!collect(path + "/" + child, name, last, limit, names)) {
                return false;
            }
        }
        return true;
    }

    // ---- blob links

    @Override
    public void linkBlob(String repository, Digest digest) throws IOException {
        driver.putContent(StorageLayout.layerLink(repository, digest), digest.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean blobLinked(String repository, Digest digest) {
        return driver.exists(StorageLayout.layerLink(repository, digest));
    }

    @Override
    public boolean unlinkBlob(String repository, Digest digest) throws IOException {
        if (!blobLinked(repository, digest)) {
            return false;
        }
        // The link's folder goes too: listings must only hold digests that are linked.
        return deleteQuietly(folderOf(StorageLayout.layerLink(repository, digest)));
    }

    @Override
    public List<Digest> linkedBlobs(String repository) throws IOException {
        return digestFolders(StorageLayout.repository(repository) + "/_layers");
    }

    @Override
    public Instant blobLinkedAt(String repository, Digest digest) throws IOException {
        return driver.modified(StorageLayout.layerLink(repository, digest));
    }

    // ---- manifests and tags

    /** The link first, then the referrer entry, then the tags: nothing ever points at a manifest not yet linked. */
    @Override
    public void putManifest(String repository, ManifestRecord manifest, List<String> tags) throws IOException {
        driver.putContent(StorageLayout.revisionLink(repository, manifest.digest()), manifest.mediaType().getBytes(StandardCharsets.UTF_8));
        if (manifest.subject() != null) {
            driver.putContent(StorageLayout.referrer(repository, manifest.subject(), manifest.digest()), Json.write(manifest.referrer()));
        }
        for (String tag : tags) {
            driver.putContent(StorageLayout.tagLink(repository, tag), manifest.digest().toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public Optional<String> manifestMediaType(String repository, Digest digest) throws IOException {
        try {
            return Optional.of(new String(driver.getContent(StorageLayout.revisionLink(repository, digest), LINK_LIMIT), StandardCharsets.UTF_8));
        } catch (PathNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean manifestLinked(String repository, Digest digest) {
        return driver.exists(StorageLayout.revisionLink(repository, digest));
    }

    /** Tags first, then the referrer entry, then the link: the reverse of {@link #putManifest}. */
    @Override
    public boolean deleteManifest(String repository, Digest digest, Digest subject) throws IOException {
        if (!manifestLinked(repository, digest)) {
            return false;
        }
        for (String tag : tags(repository)) {
            if (tagQuietly(repository, tag).filter(digest::equals).isPresent()) {
                deleteQuietly(StorageLayout.tag(repository, tag));
            }
        }
        if (subject != null) {
            deleteQuietly(StorageLayout.referrer(repository, subject, digest));
        }
        return deleteQuietly(folderOf(StorageLayout.revisionLink(repository, digest)));
    }

    @Override
    public List<Digest> manifests(String repository) throws IOException {
        return digestFolders(StorageLayout.repository(repository) + "/_manifests/revisions");
    }

    @Override
    public Instant manifestLinkedAt(String repository, Digest digest) throws IOException {
        return driver.modified(StorageLayout.revisionLink(repository, digest));
    }

    @Override
    public Optional<Digest> tag(String repository, String tag) throws IOException {
        try {
            String link = new String(driver.getContent(StorageLayout.tagLink(repository, tag), LINK_LIMIT), StandardCharsets.UTF_8);
            return Optional.of(Digest.parse(link.strip()));
        } catch (PathNotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<Digest> tagQuietly(String repository, String tag) {
        try {
            return tag(repository, tag);
        } catch (IOException | GantryException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> tags(String repository) throws IOException {
        try {
            return driver.list(StorageLayout.tags(repository));
        } catch (PathNotFoundException e) {
            return List.of();
        }
    }

    @Override
    public boolean deleteTag(String repository, String tag) throws IOException {
        return deleteQuietly(StorageLayout.tag(repository, tag));
    }

    // ---- referrers

    /** Ordered by the entries' names ({@code <alg>-<hex>} of the referrer), which are the cursors; only the page's entries are read. */
    @Override
    public ReferrersPage referrers(String repository, Digest subject, String artifactType, String after, int limit) throws IOException {
        String dir = StorageLayout.referrers(repository, subject);
        List<String> entries;
        try {
            entries = driver.list(dir);
        } catch (PathNotFoundException e) {
            return new ReferrersPage(List.of(), null);
        }
        List<Descriptor> result = new ArrayList<>();
        String lastEntry = null;
        for (String entry : entries) {
            if (after != null && entry.compareTo(after) <= 0) {
                continue;
            }
            if (result.size() == limit) {
                return new ReferrersPage(result, result.isEmpty() ? null : lastEntry);
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
                lastEntry = entry;
            }
        }
        return new ReferrersPage(result, null);
    }

    // ---- upload sessions

    @Override
    public void createUpload(String repository, String id, Instant startedAt) throws IOException {
        driver.putContent(StorageLayout.uploadStartedAt(repository, id), startedAt.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A session is its folder: one a kill left without {@code startedat} (or with only that)
     * still exists, dated by the folder, so garbage collection can expire it.
     */
    @Override
    public Optional<UploadSession> upload(String repository, String id) throws IOException {
        Instant startedAt;
        try {
            byte[] started = driver.getContent(StorageLayout.uploadStartedAt(repository, id), LINK_LIMIT);
            startedAt = Instant.parse(new String(started, StandardCharsets.UTF_8).strip());
        } catch (PathNotFoundException | DateTimeParseException e) {
            try {
                startedAt = driver.modified(StorageLayout.upload(repository, id));
            } catch (PathNotFoundException gone) {
                return Optional.empty();
            }
        }
        Optional<byte[]> state;
        try {
            state = Optional.of(driver.getContent(StorageLayout.uploadHashState(repository, id), LINK_LIMIT));
        } catch (PathNotFoundException e) {
            state = Optional.empty();
        }
        return Optional.of(new UploadSession(startedAt, state));
    }

    @Override
    public void saveHashState(String repository, String id, byte[] hashState) throws IOException {
        driver.putContent(StorageLayout.uploadHashState(repository, id), hashState);
    }

    /** The session's folder goes whole, with any data the caller has not moved or deleted. */
    @Override
    public boolean deleteUpload(String repository, String id) throws IOException {
        return deleteQuietly(StorageLayout.upload(repository, id));
    }

    @Override
    public List<String> uploads(String repository) throws IOException {
        try {
            return driver.list(StorageLayout.repository(repository) + "/_uploads").stream()
                    .filter(id -> UPLOAD_ID.matcher(id).matches()).toList();
        } catch (PathNotFoundException e) {
            return List.of();
        }
    }

    // ----

    private boolean deleteQuietly(String path) throws IOException {
        try {
            driver.delete(path);
            return true;
        } catch (PathNotFoundException e) {
            return false;
        }
    }

    private static String folderOf(String link) {
        return link.substring(0, link.lastIndexOf('/'));
    }

    private List<Digest> digestFolders(String root) throws IOException {
        List<Digest> digests = new ArrayList<>();
        List<String> algorithms;
        try {
            algorithms = driver.list(root);
        } catch (PathNotFoundException e) {
            return digests;
        }
        for (String algorithm : algorithms) {
            List<String> hexes;
            try {
                hexes = driver.list(root + "/" + algorithm);
            } catch (PathNotFoundException e) {
                continue;
            }
            for (String hex : hexes) {
                try {
                    digests.add(Digest.parse(algorithm + ":" + hex));
                } catch (GantryException e) {
                    // not a digest folder: nothing the registry wrote, leave it alone
                }
            }
        }
        return digests;
    }
}
