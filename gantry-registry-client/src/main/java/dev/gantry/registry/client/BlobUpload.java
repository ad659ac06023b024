package dev.gantry.registry.client;

import dev.gantry.oci.Descriptor;
import dev.gantry.registry.client.http.Body;
import dev.gantry.registry.client.http.Request;
import dev.gantry.registry.client.http.Response;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;

/**
 * One blob upload session (distribution-spec "pushing blobs"): POST opens it, then either one
 * PUT with the whole body, or PATCHes with Content-Range and a closing PUT without body. The
 * digest goes on the closing PUT, and the bytes are verified before the last ones leave (see
 * {@link VerifiedUploadStream}); any failure cancels the session with DELETE so the registry
 * keeps nothing.
 */
final class BlobUpload {
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
                for (long offset = 0; offset < descriptor.size(); offset += policy.chunkSize()) {
                    long length = Math.min(policy.chunkSize(), descriptor.size() - offset);
                    Map<String, String> headers = Map.of("Content-Type", "application/octet-stream",
                            "Content-Range", offset + "-" + (offset + length - 1));
                    Response r = session.send(new Request("PATCH", location, headers,
                            Body.stream(new SliceStream(body, length), length)), scopes);
                    location = nextLocation(expect(r, 202, "PATCH", descriptor));
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
