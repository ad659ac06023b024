package dev.gantry.registry.client;

import dev.gantry.error.TransferRestartException;
import dev.gantry.oci.Descriptor;
import dev.gantry.registry.client.http.Body;
import dev.gantry.registry.client.http.Request;
import dev.gantry.registry.client.http.Response;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One blob upload session (distribution-spec "pushing blobs"): POST opens it, then either one
 * PUT with the whole body, or PATCHes with Content-Range and a closing PUT without body. The
 * digest goes on the closing PUT, and the bytes are verified before the last ones leave (see
 * {@link VerifiedUploadStream}); any failure cancels the session with DELETE so the registry
 * keeps nothing. A session the registry dropped mid-way is reported as a
 * {@link TransferRestartException}: the stream is one-shot, so only the copier, which can open
 * the blob again at its source, restarts it.
 */
final class BlobUpload {
    /** How many times one chunk is resumed after a dropped connection or a 5xx. */
    static final int MAX_RESUMES = 3;
    /** An upload status's Range: "0-LAST", as the spec writes it (a "bytes=" prefix is tolerated). */
    private static final Pattern UPLOAD_RANGE = Pattern.compile("(?:bytes=)?0-(\\d+)");
    private final RegistrySession session;
    private final String repository;
    private final String scopes;
    private URI location;

    BlobUpload(RegistrySession session, String repository, String scopes, URI location) {
        this.session = session;
        this.repository = repository;
        this.scopes = scopes;
        this.location = location;
    }

    void send(Descriptor descriptor, InputStream content, UploadPolicy policy) throws IOException {
        VerifiedUploadStream body = new VerifiedUploadStream(content, descriptor,
                "blob " + descriptor.digest() + " pushed to " + session.host() + "/" + repository);
        try {
            if (descriptor.size() <= policy.monolithicLimit()) {
                expect(session.send(new Request("PUT", withDigest(location, descriptor), octets(),
                        Body.stream(body, descriptor.size())), scopes), 201, "PUT", descriptor);
            } else {
                try (ChunkBuffer chunk = new ChunkBuffer((int) Math.min(policy.chunkSize(), descriptor.size()))) {
                    for (long offset = 0; offset < descriptor.size(); offset += chunk.length()) {
                        // The chunk is read (and, for the last one, verified) before any of it leaves, so that
                        // a PATCH cut short can be resumed from the registry's offset without re-reading the source.
                        int length = (int) Math.min(policy.chunkSize(), descriptor.size() - offset);
                        if (!chunk.fill(body, length)) {
                            throw new IOException("blob " + descriptor.digest() + " ended after " + (offset + chunk.length())
                                    + " of " + descriptor.size() + " bytes");
                        }
                        sendChunk(offset, chunk, descriptor);
                    }
                }
                expect(session.send(new Request("PUT", withDigest(location, descriptor), octets(), Body.EMPTY), scopes),
                        201, "PUT", descriptor);
            }
        } catch (IOException | RuntimeException e) {
            cancel();
            if (body.failure() != null) {
                throw body.failure();
            }
            throw e;
        }
    }

    /**
     * PATCHes one chunk; when the connection drops or the registry answers 5xx, asks the registry
     * how far the upload got (GET on the upload URL, Range header) and sends the rest of the chunk
     * from there, up to {@link #MAX_RESUMES} times.
     */
    private void sendChunk(long start, ChunkBuffer chunk, Descriptor descriptor) throws IOException {
        long at = start;
        for (int resumes = 0; ; resumes++) {
            int from = (int) (at - start);
            Map<String, String> headers = Map.of("Content-Type", "application/octet-stream",
                    "Content-Range", at + "-" + (start + chunk.length() - 1));
            try {
                // A one-shot body: the transport never resends it blindly; resuming is decided here.
                Response r = session.send(new Request("PATCH", location, headers, Body.buffers(chunk.from(from))), scopes);
                location = nextLocation(expect(r, 202, "PATCH", descriptor));
                return;
            } catch (IOException | RegistryException e) {
                if (resumes > 0 && e instanceof RegistryException re && sessionGone(re)) {
                    // Resumed into a session the registry had meanwhile dropped (docker-registry 2.8 after a cut PATCH).
                    throw new TransferRestartException("cannot resume the interrupted upload of blob " + descriptor.digest()
                            + " to " + session.host() + "/" + repository + ": " + re.getMessage(), re);
                }
                boolean resumable = !(e instanceof RegistryException re) || re.status() >= 500;
                if (!resumable || resumes >= MAX_RESUMES) {
                    throw e;
                }
                long reported = uploadedBytes(descriptor);
                if (reported < start || reported > start + chunk.length()) {
                    IOException outside = new IOException("cannot resume the upload of blob " + descriptor.digest() + " to "
                            + session.host() + "/" + repository + ": the registry reports " + reported
                            + " bytes received, outside the chunk " + start + "-" + (start + chunk.length() - 1));
                    outside.addSuppressed(e);
                    throw outside;
                }
                at = reported;
            }
        }
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
        try (r) {
            if (r.status() != status) {
                throw RegistryException.of(method + " blob " + descriptor.digest() + " to " + session.host() + "/" + repository,
                        r.status(), r.text());
            }
            return r;
        }
    }

    private URI nextLocation(Response r) {
        return r.header("Location").map(location::resolve).orElse(location);
    }

    private void cancel() {
        try {
            // Best effort: a registry that already dropped the session answers 404, which is fine.
            session.send(new Request("DELETE", location, Map.of(), null), scopes).close();
        } catch (IOException | RuntimeException ignored) {
            // The original failure is what the user needs to see.
        }
    }

    private static Map<String, String> octets() {
        return Map.of("Content-Type", "application/octet-stream");
    }

    static URI withDigest(URI location, Descriptor descriptor) {
        String s = location.toString();
        return URI.create(s + (s.contains("?") ? "&" : "?") + "digest=" + descriptor.digest());
    }
}
