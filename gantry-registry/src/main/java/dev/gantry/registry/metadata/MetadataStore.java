package dev.gantry.registry.metadata;

import dev.gantry.digest.Digest;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The registry's metadata: which repositories exist, which blobs and manifests each one holds
 * (links into the shared, content-addressed blob store), tags, the referrers index, and upload
 * sessions. Bytes are not here: blobs, manifests' own bytes and uploads' data live in the
 * {@link dev.gantry.registry.storage.StorageDriver}. {@code dev.gantry.registry.content.TreeMetadataStore} keeps all of it in
 * the storage tree, as files beside the blobs; a database is the other implementation.
 *
 * <p>Names, tags and upload ids reach a store already validated ({@code content.Names}). Every
 * method may be called from many request threads at once. Each write is atomic on its own:
 * readers see it whole or not at all. One shared test suite ({@code MetadataStoreSuite} in the
 * test sources) holds every implementation to the same behaviour.
 */
public interface MetadataStore {
    /**
     * Whether the repository holds anything (a blob link, a manifest, a tag, an upload session).
     *
     * @param repository the repository name
     * @return true when it exists
     */
    boolean repositoryExists(String repository);

    /**
     * Up to {@code limit} names of repositories holding blobs or manifests, after {@code last}, in catalog
     * order: distribution's, lexical with '/' before every other character ("a/b" before "a-c").
     *
     * @param last  the name the previous page ended with, or null for the first page
     * @param limit the most names to return
     * @return the names, in catalog order
     * @throws IOException when the store cannot be read
     */
    List<String> repositories(String last, int limit) throws IOException;

    // ---- blob links

    /**
     * Records that the repository holds the blob (whose bytes are in the blob store); linking again is harmless.
     *
     * @param repository the repository name
     * @param digest     the blob's digest
     * @throws IOException when the link cannot be written
     */
    void linkBlob(String repository, Digest digest) throws IOException;

    /**
     * Whether the repository holds the blob.
     *
     * @param repository the repository name
     * @param digest     the blob's digest
     * @return true when it is linked
     * @throws IOException when the store cannot be read
     */
    boolean blobLinked(String repository, Digest digest) throws IOException;

    /**
     * Removes the blob from the repository; its bytes stay in the blob store.
     *
     * @param repository the repository name
     * @param digest     the blob's digest
     * @return false when the repository did not hold it
     * @throws IOException when the link cannot be removed
     */
    boolean unlinkBlob(String repository, Digest digest) throws IOException;

    /**
     * Every blob linked into the repository.
     *
     * @param repository the repository name
     * @return their digests, in no particular order
     * @throws IOException when the store cannot be read
     */
    List<Digest> linkedBlobs(String repository) throws IOException;

    /**
     * When the blob was last linked into the repository; garbage collection spares recent links.
     *
     * @param repository the repository name
     * @param digest     the blob's digest
     * @return the time of the link
     * @throws IOException when the store cannot be read
     * @throws dev.gantry.registry.storage.PathNotFoundException when the blob is not linked
     */
    Instant blobLinkedAt(String repository, Digest digest) throws IOException;

    // ---- manifests and tags

    /**
     * Records a manifest (whose bytes are already in the blob store) in the repository: its link with its media
     * type, its entry in its subject's referrers index when it has a subject, and the tags that now point at it.
     *
     * @param repository the repository name
     * @param manifest   what the manifest is and refers to
     * @param tags       tags to point at it (validated), possibly none
     * @throws IOException when the store cannot be written; part of the record may then be written
     */
    void putManifest(String repository, ManifestRecord manifest, List<String> tags) throws IOException;

    /**
     * The media type the manifest was pushed as, when the repository holds it.
     *
     * @param repository the repository name
     * @param digest     the manifest's digest
     * @return its media type, or empty when the repository does not hold it
     * @throws IOException when the store cannot be read
     */
    Optional<String> manifestMediaType(String repository, Digest digest) throws IOException;

    /**
     * Whether the repository holds the manifest.
     *
     * @param repository the repository name
     * @param digest     the manifest's digest
     * @return true when it is linked
     * @throws IOException when the store cannot be read
     */
    boolean manifestLinked(String repository, Digest digest) throws IOException;

    /**
     * Removes a manifest from the repository with every tag pointing at it and its entry in the referrers index
     * of {@code subject}; its bytes stay in the blob store.
     *
     * @param repository the repository name
     * @param digest     the manifest's digest
     * @param subject    the manifest's subject, or null when it has none
     * @return false when the repository did not hold it
     * @throws IOException when the store cannot be written
     */
    boolean deleteManifest(String repository, Digest digest, Digest subject) throws IOException;

    /**
     * Every manifest the repository holds, tagged or not.
     *
     * @param repository the repository name
     * @return their digests, in no particular order
     * @throws IOException when the store cannot be read
     */
    List<Digest> manifests(String repository) throws IOException;

    /**
     * When the manifest was last linked into the repository; garbage collection spares recent ones.
     *
     * @param repository the repository name
     * @param digest     the manifest's digest
     * @return the time of the link
     * @throws IOException when the store cannot be read
     * @throws dev.gantry.registry.storage.PathNotFoundException when the manifest is not linked
     */
    Instant manifestLinkedAt(String repository, Digest digest) throws IOException;

    /**
     * The manifest a tag points at.
     *
     * @param repository the repository name
     * @param tag        the tag
     * @return the manifest's digest, or empty when there is no such tag
     * @throws IOException when the store cannot be read
     */
    Optional<Digest> tag(String repository, String tag) throws IOException;

    /**
     * Every tag of the repository, sorted by {@link String#compareTo}.
     *
     * @param repository the repository name
     * @return the tags, empty when there are none
     * @throws IOException when the store cannot be read
     */
    List<String> tags(String repository) throws IOException;

    /**
     * Up to {@code limit} tags of the repository after {@code last}, sorted by {@link String#compareTo}: one page of
     * tags/list. The default reads {@link #tags(String)} whole; a database pages in its query.
     *
     * @param repository the repository name
     * @param last       the tag the previous page ended with, or null for the first page
     * @param limit      the most tags to return
     * @return the tags, empty when there are no more
     * @throws IOException when the store cannot be read
     */
    default List<String> tags(String repository, String last, int limit) throws IOException {
        return tags(repository).stream().filter(tag -> last == null || tag.compareTo(last) > 0).limit(limit).toList();
    }

    /**
     * Removes a tag; the manifest stays.
     *
     * @param repository the repository name
     * @param tag        the tag
     * @return false when there was no such tag
     * @throws IOException when the store cannot be written
     */
    boolean deleteTag(String repository, String tag) throws IOException;

    // ---- referrers

    /**
     * One page of the manifests whose subject is {@code subject}, in a stable order, starting after the cursor.
     *
     * @param repository   the repository name
     * @param subject      the subject's digest, which need not be in the repository
     * @param artifactType only referrers of this artifact type, or null for all
     * @param after        the cursor of the previous page ({@link ReferrersPage#next()}), or null for the first
     * @param limit        the most descriptors on the page
     * @return the page
     * @throws IOException when the store cannot be read
     */
    ReferrersPage referrers(String repository, Digest subject, String artifactType, String after, int limit) throws IOException;

    // ---- upload sessions

    /**
     * Records a new upload session; its data lives in the storage driver.
     *
     * @param repository the repository name
     * @param id         the session id (a UUID)
     * @param startedAt  when it began
     * @throws IOException when the session cannot be recorded
     */
    void createUpload(String repository, String id, Instant startedAt) throws IOException;

    /**
     * An upload session, when it exists.
     *
     * @param repository the repository name
     * @param id         the session id
     * @return the session, or empty when it finished, was cancelled or never existed
     * @throws IOException when the store cannot be read
     */
    Optional<UploadSession> upload(String repository, String id) throws IOException;

    /**
     * Keeps the session's running hash state (a {@link dev.gantry.digest.HashState} saved as bytes), replacing the
     * one kept before, so that another node, or this one after a restart, continues hashing from it.
     *
     * @param repository the repository name
     * @param id         the session id
     * @param hashState  the saved state; its own byte count says how much of the data it covers
     * @throws IOException when the state cannot be written
     */
    void saveHashState(String repository, String id, byte[] hashState) throws IOException;

    /**
     * Forgets an upload session (finished or cancelled); its data is the caller's to delete from the driver.
     *
     * @param repository the repository name
     * @param id         the session id
     * @return false when there was no such session
     * @throws IOException when the store cannot be written
     */
    boolean deleteUpload(String repository, String id) throws IOException;

    /**
     * The ids of the repository's open upload sessions.
     *
     * @param repository the repository name
     * @return the ids, in no particular order
     * @throws IOException when the store cannot be read
     */
    List<String> uploads(String repository) throws IOException;

    /**
     * Takes an upload session for one request that appends to it or finishes it, waiting while another request
     * holds it. The default is a lock within this JVM, enough when no other process shares the sessions; a store
     * that several nodes share makes it a lock every node sees.
     *
     * @param repository the repository's name
     * @param id         the upload session's id
     * @return the lock, which the caller closes when its writer is closed
     * @throws IOException when the lock cannot be taken
     * @throws UploadBusyException when another request held the session for longer than a request waits
     */
    default UploadLock lockUpload(String repository, String id) throws IOException {
        return LocalUploadLocks.JVM.lock(id);
    }

    /**
     * Checks that the store answers, for {@code /healthz}. The default (metadata in the storage tree) has nothing
     * of its own to check; a database makes one cheap query.
     *
     * @throws IOException saying what failed when the store cannot be reached
     */
    default void checkReachable() throws IOException {
    }

    /**
     * Failed logins counted for every node that shares this store, when it can count them (a database); empty
     * when each process counts its own ({@code LoginThrottle}), the default.
     *
     * @param limit  failed logins allowed per client address and window
     * @param window how long failures are counted from a client's first one
     * @return the shared count, or empty
     */
    default java.util.Optional<dev.gantry.registry.metadata.LoginAttempts> sharedLoginAttempts(int limit, java.time.Duration window) {
        return java.util.Optional.empty();
    }

    /**
     * Whether the store is a service of its own (a database) rather than files in the storage tree, so
     * {@code /healthz} reports it as a component.
     *
     * @return true for a database
     */
    default boolean isDatabase() {
        return false;
    }

    /**
     * Appends the store's own gauges and counters to {@code /metrics}, in the Prometheus text format. The default
     * has none.
     *
     * @param out the exposition being written
     */
    default void writeMetrics(StringBuilder out) {
    }
}
