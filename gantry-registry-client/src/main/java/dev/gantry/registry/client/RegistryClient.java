package dev.gantry.registry.client;

import dev.gantry.registry.client.http.ServerUris;

import dev.gantry.digest.Digest;
import dev.gantry.error.DigestMismatchException;
import dev.gantry.error.NotFoundException;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Json;
import dev.gantry.oci.JsonCursor;
import dev.gantry.oci.OciJsonReader;
import dev.gantry.oci.MediaTypes;
import dev.gantry.registry.client.http.Body;
import dev.gantry.registry.client.http.Request;
import dev.gantry.registry.client.http.Response;
import dev.gantry.transport.BlobOpener;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The distribution-spec API of one repository: manifests by tag or digest, blobs, uploads,
 * mounts, tags. Errors carry the registry's codes; a missing tag lists the tags that exist. A client holds no
 * mutable state of its own and its session is shared, so it is safe to use from several threads, as a copy's
 * parallel blob transfers do.
 */
public final class RegistryClient {
    /** Every manifest kind Gantry reads, so registries never down-convert to schema1. */
    static final String ACCEPT = String.join(", ", MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX,
            MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST);
    private static final int TAG_PAGE = 1000;

    private final RegistrySession session;
    private final String repository;
    private final String readScope;

    /**
     * A client for reading a repository: its requests ask for pull access.
     *
     * @param session    the registry's session, shared by every repository client on that host; the client does not
     *                   close it
     * @param repository the repository's path on the registry ({@code library/alpine}), as URLs carry it
     */
    public RegistryClient(RegistrySession session, String repository) {
        this(session, repository, false);
    }

    /**
     * A client for a repository, asking for push access from the start when it will write.
     *
     * @param session    the registry's session, shared by every repository client on that host; the client does not
     *                   close it
     * @param repository the repository's path on the registry ({@code library/alpine}), as URLs carry it
     * @param forPush    when the client will write: its reads (HEADs before uploads) ask for the
     *                   pull,push token too, so a push needs one token, not one per scope
     */
    public RegistryClient(RegistrySession session, String repository, boolean forPush) {
        this.session = session;
        this.repository = repository;
        this.readScope = forPush ? Scopes.push(repository) : Scopes.pull(repository);
    }

    /**
     * The session this client sends through; closing it ends every client on it.
     *
     * @return the session given at construction
     */
    public RegistrySession session() {
        return session;
    }

    /**
     * The repository's path on its registry, without the host.
     *
     * @return the repository given at construction, e.g. {@code library/alpine}
     */
    public String repository() {
        return repository;
    }

    /**
     * The repository as messages name it.
     *
     * @return {@code host/repository}
     */
    public String name() {
        return session.host() + "/" + repository;
    }

    URI url(String suffix) {
        return session.base().resolve("/v2/" + repository + suffix);
    }

    /**
     * Asks whether the repository has a manifest, and what it is, without downloading it: HEAD, with every OCI and
     * Docker manifest type accepted. A registry that leaves the digest, type or length out of its HEAD answer is
     * asked with GET instead. The digest is the registry's {@code Docker-Content-Digest}, unverified until the
     * bytes are read.
     *
     * @param tagOrDigest a tag, or a digest such as {@code sha256:...}
     * @return the manifest's descriptor, or empty when the registry answers 404
     * @throws IOException when the request cannot be sent or answered
     * @throws RegistryException when the registry answers with another error status (401, 403, 5xx after retries)
     */
    public Optional<Descriptor> headManifest(String tagOrDigest) throws IOException {
        Request request = new Request("HEAD", url("/manifests/" + tagOrDigest), Map.of("Accept", ACCEPT), null);
        try (Response r = session.send(request, readScope)) {
            if (r.status() == 404) {
                return Optional.empty();
            }
            if (!r.ok()) {
                throw RegistryException.of("HEAD manifest " + tagOrDigest + " in " + name(), r.status(), "");
            }
            Optional<String> digest = r.header("Docker-Content-Digest");
            Optional<String> type = r.header("Content-Type");
            long size = r.header("Content-Length").map(Long::parseLong).orElse(-1L);
            if (digest.isEmpty() || type.isEmpty() || size < 0) {
                // Some registries leave these out of HEAD answers; GET tells everything.
                return Optional.of(getManifest(tagOrDigest).descriptor());
            }
            return Optional.of(new Descriptor(mediaType(type.get()), Digest.parse(digest.get()), size));
        }
    }

    /**
     * Downloads a manifest (GET, every OCI and Docker manifest type accepted), at most 4 MiB of it; fetched by
     * digest, its bytes are checked against that digest.
     *
     * @param tagOrDigest a tag, or a digest such as {@code sha256:...}
     * @return the manifest's exact bytes and its descriptor
     * @throws IOException when the request cannot be sent or answered
     * @throws NotFoundException on 404: the repository is unknown, or the tag is (the message lists up to 20 of the
     *                           repository's tags), or the digest is
     * @throws RegistryException when the registry answers with another error status
     * @throws DigestMismatchException when fetched by digest and the bytes have another digest
     * @throws dev.gantry.error.LimitExceededException when the manifest is larger than 4 MiB
     */
    public ManifestResponse getManifest(String tagOrDigest) throws IOException {
        Request request = new Request("GET", url("/manifests/" + tagOrDigest), Map.of("Accept", ACCEPT), null);
        try (Response r = session.send(request, readScope)) {
            if (!r.ok()) {
                throw notFoundOr(r, "manifest " + tagOrDigest, tagOrDigest);
            }
            String what = "manifest " + tagOrDigest + " from " + name();
            byte[] raw = Json.readBounded(r.body(), Json.MAX_MANIFEST_BYTES, what);
            Digest actual = Digest.sha256(raw);
            if (tagOrDigest.contains(":")) {
                Digest expected = Digest.parse(tagOrDigest);
                if (!expected.matches(raw)) {
                    throw new DigestMismatchException(what, expected, Digest.of(expected.algorithm(), raw));
                }
                actual = expected;
            }
            String type = r.header("Content-Type").map(RegistryClient::mediaType)
                    .orElseGet(() -> OciJsonReader.topLevelString(raw, "mediaType", what));
            return new ManifestResponse(new Descriptor(type, actual, raw.length), raw);
        }
    }

    /**
     * Streams a manifest's or blob's bytes, unverified: whoever reads them checks them against the descriptor, as
     * core's targets and image views do. A blob GET may be redirected to storage, which is sent no Authorization
     * header. Only the length is checked here, when the registry declares one.
     *
     * @param descriptor what to fetch: a manifest media type (Docker schema1 included) is read from
     *                   {@code /manifests/}, anything else from {@code /blobs/}
     * @return the response body, which the caller closes
     * @throws IOException when the request cannot be sent or answered
     * @throws NotFoundException on 404
     * @throws RegistryException when the registry answers with another error status
     * @throws DigestMismatchException when the registry's Content-Length differs from the descriptor's size
     */
    public InputStream open(Descriptor descriptor) throws IOException {
        boolean manifest = MediaTypes.isManifest(descriptor.mediaType()) || MediaTypes.isSchema1(descriptor.mediaType());
        String path = (manifest ? "/manifests/" : "/blobs/") + descriptor.digest();
        Request request = manifest ? new Request("GET", url(path), Map.of("Accept", ACCEPT), null) : Request.download(url(path), Map.of());
        Response r = session.send(request, readScope);
        if (!r.ok()) {
            try (r) {
                throw notFoundOr(r, (manifest ? "manifest " : "blob ") + descriptor.digest(), null);
            }
        }
        Optional<String> length = r.header("Content-Length");
        if (length.isPresent() && Long.parseLong(length.get()) != descriptor.size()) {
            r.close();
            throw new DigestMismatchException("blob " + descriptor.digest() + " from " + name() + ": the registry sends "
                    + length.get() + " bytes but the descriptor says " + descriptor.size());
        }
        return r.body();
    }

    /**
     * The bytes of a blob from {@code offset} on, to resume an interrupted download: a 206 whose
     * Content-Range starts there, or a whole 200 body whose first bytes are skipped.
     */
    InputStream openFrom(Descriptor descriptor, long offset) throws IOException {
        Request request = Request.download(url("/blobs/" + descriptor.digest()), Map.of("Range", "bytes=" + offset + "-"));
        Response r = session.send(request, readScope);
        if (r.status() == 206 && r.header("Content-Range").filter(cr -> cr.startsWith("bytes " + offset + "-")).isPresent()) {
            return r.body();
        }
        if (r.ok()) {
            InputStream body = r.body();
            body.skipNBytes(offset);
            return body;
        }
        try (r) {
            throw notFoundOr(r, "blob " + descriptor.digest() + " from byte " + offset, null);
        }
    }

    /**
     * Asks whether the repository has a blob (HEAD), as a push does before uploading one.
     *
     * @param digest the blob's digest
     * @return true on a 2xx answer, false on 404
     * @throws IOException when the request cannot be sent or answered
     * @throws RegistryException when the registry answers with another error status
     */
    public boolean hasBlob(Digest digest) throws IOException {
        try (Response r = session.send(new Request("HEAD", url("/blobs/" + digest), Map.of(), null), readScope)) {
            if (r.status() == 404) {
                return false;
            }
            if (!r.ok()) {
                throw RegistryException.of("HEAD blob " + digest + " in " + name(), r.status(), "");
            }
            return true;
        }
    }

    /**
     * Asks the registry to link a blob from another repository on the same host without
     * sending it. Returns empty when mounted, else the upload session the registry opened
     * instead (a registry may refuse mounts and start a normal upload).
     */
    Optional<BlobUpload> mountOrStart(Digest digest, String fromRepository) throws IOException {
        String scopes = Scopes.pushMounting(repository, fromRepository);
        URI uri = URI.create(url("/blobs/uploads/") + "?mount=" + digest + "&from=" + fromRepository);
        try (Response r = session.send(new Request("POST", uri, Map.of(), Body.EMPTY), scopes)) {
            if (r.status() == 201) {
                return Optional.empty();
            }
            return Optional.of(uploadFrom(r, scopes));
        }
    }

    /** Opens an upload session. */
    BlobUpload startUpload() throws IOException {
        String scopes = Scopes.push(repository);
        try (Response r = session.send(new Request("POST", url("/blobs/uploads/"), Map.of(), Body.EMPTY), scopes)) {
            return uploadFrom(r, scopes);
        }
    }

    private BlobUpload uploadFrom(Response r, String scopes) throws IOException {
        if (r.status() != 202 || r.header("Location").isEmpty()) {
            throw RegistryException.of("POST blob upload to " + name(), r.status(), r.text());
        }
        return new BlobUpload(session, repository, scopes, ServerUris.resolve(r.uri(), r.header("Location").get(), "Location"),
                length(r, "OCI-Chunk-Min-Length"), length(r, "OCI-Chunk-Max-Length"));
    }

    /** A positive byte count from a header, else 0 (absent or not a number: the registry states no bound). */
    private static long length(Response r, String header) {
        try {
            return Math.max(0, r.header(header).map(v -> Long.parseLong(v.strip())).orElse(0L));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Uploads a blob from a one-shot stream in a new upload session, under {@code policy} (one
     * PUT, or the blob streamed in one PATCH, in chunks only when the registry needs them, and a
     * closing PUT), verifying the content on the way: a mismatch is found before the last bytes
     * leave, so the registry never completes the blob. Any failure cancels the session (DELETE).
     * A request cut midway cannot continue (the bytes sent are gone): use
     * {@link #putBlob(Descriptor, BlobOpener, UploadPolicy)} when the source can be opened again.
     * The registry is not asked first whether it has the blob ({@link #hasBlob} does that).
     *
     * @param descriptor the blob's digest and size, which the content must match
     * @param content    the blob's bytes, read once up to the descriptor's size
     * @param policy     when to send one PUT, and when chunks
     * @throws IOException when a request cannot be sent or answered, or the content ends early
     * @throws DigestMismatchException when the content does not have the descriptor's digest
     * @throws dev.gantry.error.TransferRestartException when the registry dropped the session part-way, so only
     *                                                   sending the blob again from its start can work
     * @throws RegistryException when the registry refuses the upload
     */
    public void putBlob(Descriptor descriptor, InputStream content, UploadPolicy policy) throws IOException {
        upload(startUpload(), descriptor, content, null, policy);
    }

    /**
     * Uploads a blob as {@link #putBlob(Descriptor, InputStream, UploadPolicy)} does, from a
     * source that can be opened again: a request cut midway (or answered 5xx) continues from the
     * offset the registry reports, with {@code source} opened there, and the digest still covers
     * every byte. A registry that refuses the whole blob in one request (413) gets it in chunks.
     *
     * @param descriptor the blob's digest and size, which the content must match
     * @param source     the blob's bytes from any offset on
     * @param policy     when to send one PUT, and when chunks
     * @throws IOException when a request cannot be sent or answered (after the continuations allowed), or the content ends early
     * @throws DigestMismatchException when the content does not have the descriptor's digest
     * @throws dev.gantry.error.TransferRestartException when the registry dropped the session part-way, so only
     *                                                   sending the blob again from its start can work
     * @throws RegistryException when the registry refuses the upload
     */
    public void putBlob(Descriptor descriptor, BlobOpener source, UploadPolicy policy) throws IOException {
        try (InputStream first = source.open(0)) {
            upload(startUpload(), descriptor, first, source, policy);
        }
    }

    /**
     * Sends a blob in an open session ({@code first} holds it from byte 0; {@code reopen} may be
     * null). A registry that refuses the blob in one PATCH as too large gets it again, in chunks
     * and a new session, and so do the session's later blobs.
     */
    void upload(BlobUpload upload, Descriptor descriptor, InputStream first, BlobOpener reopen, UploadPolicy policy)
            throws IOException {
        try {
            upload.send(descriptor, first, reopen, policy);
        } catch (BlobUpload.ChunkedUploadRequired tooLarge) {
            if (policy.chunkSize() >= descriptor.size()) {
                throw tooLarge.refusal(); // chunks would be no smaller than what was refused
            }
            session.limitUploadRequests(policy.chunkSize());
            if (reopen == null) {
                throw tooLarge.refusal(); // a one-shot stream: nothing to send it again from
            }
            try (InputStream again = reopen.open(0)) {
                startUpload().send(descriptor, again, reopen, policy);
            }
        }
    }

    /**
     * Uploads a manifest (PUT) under a tag or its digest, its media type as Content-Type. The bytes are not checked
     * against the descriptor here ({@link RegistryTarget} does that).
     *
     * @param tagOrDigest the tag to set, or the manifest's digest
     * @param descriptor  the manifest's media type and digest
     * @param raw         the manifest's bytes, sent as they are
     * @return true when the registry indexed the manifest's {@code subject} itself (it answered
     *         {@code OCI-Subject}), so no fallback referrers tag is needed
     * @throws IOException when the request cannot be sent or answered
     * @throws RegistryException when the registry refuses the manifest (MANIFEST_INVALID, MANIFEST_BLOB_UNKNOWN,
     *                           DENIED, ...)
     * @throws DigestMismatchException when the registry says it stored the manifest under another digest
     */
    public boolean putManifest(String tagOrDigest, Descriptor descriptor, byte[] raw) throws IOException {
        Request request = new Request("PUT", url("/manifests/" + tagOrDigest), Map.of("Content-Type", descriptor.mediaType()), Body.of(raw));
        try (Response r = session.send(request, Scopes.push(repository))) {
            if (r.status() != 201 && !r.ok()) {
                throw RegistryException.of("PUT manifest " + tagOrDigest + " (" + descriptor.mediaType() + ") to " + name(),
                        r.status(), r.text());
            }
            Optional<String> digest = r.header("Docker-Content-Digest");
            if (digest.isPresent() && !digest.get().equals(descriptor.digest().toString())) {
                throw new DigestMismatchException("registry " + session.host() + " stored manifest " + tagOrDigest
                        + " under " + digest.get() + ", not " + descriptor.digest());
            }
            return r.header("OCI-Subject").isPresent();
        }
    }

    /**
     * The manifests whose {@code subject} is the given one (signatures, SBOMs, attestations): the registry's
     * referrers API, following its Link pages, else, when the API answers 404, the index under the
     * {@code sha256-<hex>} fallback tag.
     *
     * @param subject the digest of the manifest referred to; it need not exist in the repository
     * @return the referrers' descriptors, their {@code artifactType} and annotations kept; empty when there are none
     * @throws IOException when a request cannot be sent or answered
     * @throws RegistryException when the registry answers with an error other than the API's 404
     * @throws dev.gantry.error.InvalidInputException when an entry of the list is not a valid descriptor
     * @throws dev.gantry.error.GantryException when the registry's Link pages lead back to a page already read
     */
    public List<Descriptor> referrers(Digest subject) throws IOException {
        return new Referrers(this).list(subject);
    }

    /**
     * Deletes a manifest by digest (registries refuse deleting by tag); what happens to the tags that point at it is
     * the registry's choice.
     *
     * @param digest the manifest's digest
     * @throws IOException when the request cannot be sent or answered
     * @throws NotFoundException on 404: the manifest or the repository is unknown
     * @throws RegistryException on another error status, such as 405 when the registry does not allow deletes
     */
    public void deleteManifest(Digest digest) throws IOException {
        String scopes = Scopes.delete(repository);
        try (Response r = session.send(new Request("DELETE", url("/manifests/" + digest), Map.of(), null), scopes)) {
            if (r.status() != 202 && !r.ok()) {
                throw notFoundOr(r, "manifest " + digest, null);
            }
        }
    }

    /**
     * Every tag of the repository, following Link pagination (1000 asked per page).
     *
     * @return the tags, in the registry's order
     * @throws IOException when a request cannot be sent or answered
     * @throws RegistryException when the registry answers with an error status (NAME_UNKNOWN for an unknown
     *                           repository)
     */
    public List<String> tags() throws IOException {
        List<String> tags = new ArrayList<>();
        URI page = URI.create(url("/tags/list") + "?n=" + TAG_PAGE);
        while (page != null) {
            try (Response r = session.send(Request.get(page), readScope)) {
                if (!r.ok()) {
                    throw RegistryException.of("GET tags of " + name(), r.status(), r.text());
                }
                String what = "tag list of " + name();
                tags.addAll(listing(Json.readBounded(r.body(), Json.MAX_CONFIG_BYTES, what), "tags", what));
                page = LinkHeader.next(r.header("Link"), page).orElse(null);
            }
        }
        return tags;
    }

    /** A 404 becomes a NotFoundException that says what exists; other statuses a RegistryException. */
    private RuntimeException notFoundOr(Response r, String what, String tagOrDigest) throws IOException {
        String body = r.text();
        RegistryException e = RegistryException.of("GET " + what + " from " + name(), r.status(), body);
        if (r.status() != 404) {
            return e;
        }
        if (e.hasCode("NAME_UNKNOWN")) {
            return new NotFoundException("repository " + repository + " not found on " + session.host()
                    + " (NAME_UNKNOWN); check the name");
        }
        if (tagOrDigest != null && !tagOrDigest.contains(":")) {
            String known;
            try {
                List<String> tags = tags();
                known = tags.isEmpty() ? "the repository has no tags" : "tags: " + String.join(", ",
                        tags.size() > 20 ? tags.subList(0, 20) : tags) + (tags.size() > 20 ? ", … (" + tags.size() + " in all)" : "");
            } catch (IOException | RuntimeException listing) {
                known = "the tags could not be listed";
            }
            return new NotFoundException("tag " + tagOrDigest + " not found in " + name() + " (MANIFEST_UNKNOWN); " + known);
        }
        return new NotFoundException(what + " not found in " + name() + " (" + (e.errors().isEmpty() ? "HTTP 404"
                : e.errors().getFirst().code()) + ")");
    }

    /**
     * The names in a listing's {@code field} (tags/list's "tags", _catalog's "repositories"),
     * read with the streaming parser; an absent or null list is empty, null names are dropped.
     */
    static List<String> listing(byte[] body, String field, String what) {
        List<String> names = JsonCursor.read(body, what, null, c -> {
            List<String> found = null;
            if (c.startObject()) {
                for (String name; (name = c.nextField()) != null; ) {
                    if (name.equals(field)) {
                        found = c.strings();
                    } else {
                        c.skip();
                    }
                }
            }
            return found;
        });
        return names == null ? List.of() : names.stream().filter(java.util.Objects::nonNull).toList();
    }

    private static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip();
    }

    /**
     * The repositories a registry lists in its catalog, following Link pagination. Registries may limit the catalog
     * to what the caller can see, or refuse it.
     *
     * @param session  the registry's session; the requests ask for the {@code registry:catalog:*} scope
     * @param pageSize how many names to ask for per page ({@code n}), or null for the registry's default
     * @return the repository names, in the registry's order
     * @throws IOException when a request cannot be sent or answered
     * @throws RegistryException when the registry answers with an error status (UNAUTHORIZED, UNSUPPORTED, ...)
     */
    public static List<String> catalog(RegistrySession session, Integer pageSize) throws IOException {
        List<String> repos = new ArrayList<>();
        URI page = session.base().resolve("/v2/_catalog" + (pageSize != null ? "?n=" + pageSize : ""));
        while (page != null) {
            try (Response r = session.send(Request.get(page), Scopes.CATALOG)) {
                if (!r.ok()) {
                    throw RegistryException.of("GET catalog of " + session.host(), r.status(), r.text());
                }
                String what = "catalog of " + session.host();
                repos.addAll(listing(Json.readBounded(r.body(), Json.MAX_CONFIG_BYTES, what), "repositories", what));
                page = LinkHeader.next(r.header("Link"), page).orElse(null);
            }
        }
        return repos;
    }
}
