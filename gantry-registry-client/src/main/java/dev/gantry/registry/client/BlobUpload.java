package dev.gantry.registry.client;

import dev.gantry.registry.client.http.ServerUris;

import dev.gantry.error.TransferRestartException;
import dev.gantry.oci.Descriptor;
import dev.gantry.registry.client.http.Body;
import dev.gantry.registry.client.http.Request;
import dev.gantry.registry.client.http.Response;
import dev.gantry.transport.BlobOpener;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One blob upload session (distribution-spec "pushing blobs"): POST opens it, then either one
 * PUT with the whole body, or the body streamed in one PATCH (in several of bounded size only
 * when the registry needs that, see {@link UploadPolicy}) and a closing PUT without body. The
 * digest goes on the closing PUT, and the bytes are verified before the last ones leave (see
 * {@link VerifiedUploadStream}); any failure cancels the session with DELETE so the registry
 * keeps nothing.
 *
 * <p>A PATCH that fails (connection cut, 5xx, 416) is not sent again from the start: the registry is
 * asked how far the upload got (GET on the upload URL, {@code Range: 0-LAST}) and the rest is
 * sent from there, the source opened again at that offset, up to {@link #MAX_RESUMES} times
 * without progress. The digest still covers every byte: the rest is hashed on top of the hash
 * state kept at or before the registry's offset ({@link ResumePoints}), the few bytes between
 * that state and the offset read from the source again, so the blob is verified as one stream
 * would have verified it, and the registry checks the same digest on the closing PUT. A
 * session the registry dropped instead (docker-registry 2.8 cancels one whose PATCH was cut)
 * is reported as a {@link TransferRestartException}: the copier sends the blob once more from
 * byte 0 in a new session.
 */
final class BlobUpload {
    /** How many times an upload is continued after a failed PATCH without the registry's offset moving on. */
    static final int MAX_RESUMES = 3;
    /** An upload status's Range: "0-LAST", as the spec writes it (a "bytes=" prefix is tolerated). */
    private static final Pattern UPLOAD_RANGE = Pattern.compile("(?:bytes=)?0-(\\d+)");
    private final RegistrySession session;
    private final String repository;
    private final String scopes;
    /** The registry's {@code OCI-Chunk-Min-Length} and {@code OCI-Chunk-Max-Length} (0: none given). */
    private final long minChunk;
    private final long maxChunk;
    private URI location;
    /** The stream the current request reads, whose digest failure (if any) is the one to report. */
    private VerifiedUploadStream body;

    BlobUpload(RegistrySession session, String repository, String scopes, URI location, long minChunk, long maxChunk) {
        this.session = session;
        this.repository = repository;
        this.scopes = scopes;
        this.location = location;
        this.minChunk = minChunk;
        this.maxChunk = maxChunk;
    }

    /**
     * Sends the blob, whose bytes {@code first} holds from byte 0. With {@code reopen} (null for a
     * one-shot stream, whose upload cannot continue after a cut) the source is opened again where
     * a cut request left the registry's copy.
     *
     * @throws ChunkedUploadRequired when the registry refused the streamed PATCH as too large (413)
     */
    void send(Descriptor descriptor, InputStream first, BlobOpener reopen, UploadPolicy policy) throws IOException {
        try {
            if (descriptor.size() <= policy.monolithicLimit()) {
                body = new VerifiedUploadStream(first, descriptor, what(descriptor));
                expect(session.send(new Request("PUT", withDigest(location, descriptor), octets(),
                        Body.stream(body, descriptor.size())), scopes), 201, "PUT", descriptor);
            } else {
                patch(descriptor, first, reopen, requestSize(descriptor, policy));
                expect(session.send(new Request("PUT", withDigest(location, descriptor), octets(), Body.EMPTY), scopes),
                        201, "PUT", descriptor);
            }
        } catch (IOException | RuntimeException e) {
            cancel();
            if (body != null && body.failure() != null) {
                throw body.failure();
            }
            throw e;
        }
    }

    /** The most bytes one PATCH carries: the whole blob unless the policy, the registry or an earlier 413 asks for less. */
    private long requestSize(Descriptor descriptor, UploadPolicy policy) {
        long limit = session.uploadRequestLimit();
        if (maxChunk > 0) {
            limit = Math.min(limit, maxChunk);
        }
        if (policy.chunked() || limit < descriptor.size()) {
            long chunk = Math.min(limit, policy.chunkSize());
            // The registry's minimum binds every chunk but the last; its maximum wins where the two disagree.
            return Math.min(Math.max(chunk, minChunk), limit);
        }
        return descriptor.size();
    }

    /**
     * PATCHes the blob in requests of at most {@code requestSize} bytes (normally one), each a
     * slice of one verifying stream; after a failed one, continues from the registry's offset.
     */
    private void patch(Descriptor descriptor, InputStream first, BlobOpener reopen, long requestSize) throws IOException {
        ResumePoints points = new ResumePoints(descriptor.digest().algorithm());
        body = new VerifiedUploadStream(first, points.atOrBefore(0), descriptor, what(descriptor), points);
        InputStream reopened = null;
        try {
            long at = 0;
            long lastFailureAt = -1;
            int resumes = 0;
            while (at < descriptor.size()) {
                long end = Math.min(descriptor.size(), at + requestSize);
                Map<String, String> headers = Map.of("Content-Type", "application/octet-stream", "Content-Range", at + "-" + (end - 1));
                try {
                    // A one-shot body: the transport never resends it; continuing is decided here.
                    Response r = session.send(new Request("PATCH", location, headers, Body.stream(body, end - at)), scopes);
                    if (r.status() == 413 && requestSize >= descriptor.size()) {
                        throw new ChunkedUploadRequired(error(r, "PATCH", descriptor));
                    }
                    location = nextLocation(expect(r, 202, "PATCH", descriptor));
                    at = end;
                } catch (ChunkedUploadRequired e) {
                    throw e;
                } catch (IOException | RegistryException e) {
                    if (lastFailureAt >= 0 && e instanceof RegistryException re && sessionGone(re)) {
                        // Continued into a session the registry had meanwhile dropped.
                        throw new TransferRestartException("cannot resume the interrupted upload of blob " + descriptor.digest()
                                + " to " + session.host() + "/" + repository + ": " + re.getMessage(), re);
                    }
                    if (!resumable(e) || reopen == null) {
                        throw e;
                    }
                    long reported = uploadedBytes(descriptor);
                    resumes = reported > lastFailureAt ? 1 : resumes + 1;
                    if (resumes > MAX_RESUMES) {
                        throw e;
                    }
                    lastFailureAt = reported;
                    if (reported < 0 || reported > body.count()) {
                        IOException outside = new IOException("cannot resume the upload of blob " + descriptor.digest() + " to "
                                + session.host() + "/" + repository + ": the registry reports " + reported
                                + " bytes received, but " + body.count() + " were sent");
                        outside.addSuppressed(e);
                        throw outside;
                    }
                    closeQuietly(reopened);
                    var from = points.atOrBefore(reported);
                    reopened = reopen.open(from.count());
                    body = new VerifiedUploadStream(reopened, from, descriptor, what(descriptor), points);
                    // Hashes the bytes between the kept state and the registry's offset (all of them, at the end: checked there).
                    body.skipNBytes(reported - from.count());
                    at = reported;
                }
            }
        } finally {
            closeQuietly(reopened);
        }
    }

    /**
     * A dropped or reset connection, the registry's own failure (5xx), or a 416: the registry's
     * copy ends elsewhere than where the PATCH began (a registry still storing the cut request's
     * last bytes when it answered the status GET); not an interrupt or a digest mismatch.
     */
    private boolean resumable(Exception e) {
        if (body.failure() != null || e instanceof InterruptedIOException || Thread.currentThread().isInterrupted()) {
            return false;
        }
        // 507: the registry is out of space and has dropped the session; resuming cannot help and would hide why.
        return !(e instanceof RegistryException re) || (re.status() >= 500 && re.status() != 507) || re.status() == 416;
    }

    private static boolean sessionGone(RegistryException e) {
        return e.status() == 404 || e.hasCode("BLOB_UPLOAD_UNKNOWN") || e.hasCode("BLOB_UPLOAD_INVALID");
    }

    /** How many bytes the registry holds for this upload: GET on the upload URL answers 204 with {@code Range: 0-LAST}. */
    long uploadedBytes(Descriptor descriptor) throws IOException {
        try (Response r = session.send(Request.get(location), scopes)) {
            if (r.status() != 204 && !r.ok()) {
                // docker-registry 2.8 drops a session whose stored bytes no longer match its state token, which a
                // PATCH cut midway leaves behind: that upload cannot be resumed, only pushed again.
                RegistryException dropped = RegistryException.of("cannot resume the interrupted upload of blob " + descriptor.digest()
                        + " to " + session.host() + "/" + repository + " (GET upload status; the registry dropped the session,"
                        + " push again)", r.status(), r.text());
                throw new TransferRestartException(dropped.getMessage(), dropped);
            }
            location = nextLocation(r);
            return receivedBytes(r.header("Range").orElse("0-0"));
        }
    }

    /**
     * The byte count an upload status's {@code Range: 0-LAST} header says the registry holds; a
     * value that is not that form (or would overflow) is the registry's protocol error, an IOException
     * like the other impossible answers a resume can get.
     */
    static long receivedBytes(String range) throws IOException {
        Matcher m = UPLOAD_RANGE.matcher(range.strip());
        try {
            if (m.matches()) {
                long last = Long.parseLong(m.group(1));
                // docker-registry answers "0-0" both for nothing received and for one byte: taking it as nothing means the
                // registry refuses the resent range (416) rather than keeping a byte twice.
                return last == 0 ? 0 : Math.addExact(last, 1);
            }
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            // refused below
        }
        throw new IOException("the registry answered an upload status with Range '" + range + "', not 0-LAST (bytes received)");
    }

    private Response expect(Response r, int status, String method, Descriptor descriptor) throws IOException {
        if (r.status() != status) {
            throw error(r, method, descriptor);
        }
        r.close();
        return r;
    }

    private RegistryException error(Response r, String method, Descriptor descriptor) throws IOException {
        try (r) {
            return RegistryException.of(method + " blob " + descriptor.digest() + " to " + session.host() + "/" + repository,
                    r.status(), r.text());
        }
    }

    private String what(Descriptor descriptor) {
        return "blob " + descriptor.digest() + " pushed to " + session.host() + "/" + repository;
    }

    private URI nextLocation(Response r) {
        return r.header("Location").map(next -> ServerUris.resolve(location, next, "Location")).orElse(location);
    }

    private void cancel() {
        try {
            // Best effort: a registry that already dropped the session answers 404, which is fine.
            session.send(new Request("DELETE", location, Map.of(), null), scopes).close();
        } catch (IOException | RuntimeException ignored) {
            // The original failure is what the user needs to see.
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // a source stream that failed to close changes nothing here
            }
        }
    }

    private static Map<String, String> octets() {
        return Map.of("Content-Type", "application/octet-stream");
    }

    static URI withDigest(URI location, Descriptor descriptor) {
        String s = location.toString();
        return URI.create(s + (s.contains("?") ? "&" : "?") + "digest=" + descriptor.digest());
    }

    /** The registry answered a PATCH of the whole blob 413: it wants smaller requests, in a new session. */
    static final class ChunkedUploadRequired extends IOException {
        ChunkedUploadRequired(RegistryException refusal) {
            super(refusal.getMessage(), refusal);
        }

        RegistryException refusal() {
            return (RegistryException) getCause();
        }
    }
}
