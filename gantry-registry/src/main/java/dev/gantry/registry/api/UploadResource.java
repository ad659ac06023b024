package dev.gantry.registry.api;

import dev.gantry.digest.Digest;
import dev.gantry.registry.auth.Access;
import dev.gantry.registry.auth.Scope;
import dev.gantry.registry.content.ByteSource;
import dev.gantry.registry.content.Names;
import dev.gantry.registry.content.References;
import dev.gantry.registry.content.Registry;
import dev.gantry.registry.content.Repository;
import dev.gantry.registry.content.Uploads;
import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;
import dev.gantry.registry.errors.UploadRangeException;
import dev.gantry.registry.errors.UploadTooLargeException;
import dev.gantry.registry.metadata.UploadSlots;
import dev.gantry.registry.storage.StorageFullException;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** /v2/&lt;name&gt;/blobs/uploads/[&lt;id&gt;]: POST (session, monolithic, mount), PATCH, PUT, GET, DELETE. */
final class UploadResource {
    /** Content-Range of a chunk: "start-end", inclusive; a "bytes " or "bytes=" prefix is tolerated. */
    private static final Pattern CONTENT_RANGE = Pattern.compile("(?:bytes[ =])?(\\d+)-(\\d+)");

    private final Registry registry;
    private final Uploads uploads;
    private final UploadSizeGuard sizeGuard;
    private final UploadSlots slots;

    UploadResource(Registry registry, UploadLimits limits) {
        this.registry = registry;
        this.uploads = registry.uploads();
        this.sizeGuard = new UploadSizeGuard(limits.maxSize());
        this.slots = registry.uploadSlots(limits.maxConcurrent());
    }

    void handle(Exchange exchange, Repository repository, String id) throws IOException {
        if (id == null) {
            if (!exchange.method().equals("POST")) {
                throw new RegistryException(ErrorCode.UNSUPPORTED, exchange.method() + " is not supported on the uploads collection; POST starts an upload");
            }
            post(exchange, repository);
            return;
        }
        slots.enter(id);
        try {
            switch (exchange.method()) {
                case "PATCH" -> patch(exchange, repository, id);
                case "PUT" -> put(exchange, repository, id);
                case "GET" -> sendProgress(exchange, repository, id, uploads.size(repository.name(), id), 204);
                case "DELETE" -> {
                    uploads.cancel(repository.name(), id);
                    slots.release(id);
                    exchange.send(204);
                }
                default -> throw new RegistryException(ErrorCode.UNSUPPORTED, exchange.method() + " is not supported on an upload");
            }
        } catch (UploadTooLargeException | StorageFullException e) {
            // Neither can proceed: the session and what it holds go, which also gives back the space.
            cancelQuietly(repository, id);
            slots.release(id);
            throw e;
        } finally {
            slots.leave(id);
        }
    }

    private void post(Exchange exchange, Repository repository) throws IOException {
        String mount = exchange.param("mount");
        if (mount != null && tryMount(exchange, repository, References.digest(mount), exchange.param("from"))) {
            return;
        }
        String digestParam = exchange.param("digest");
        String slot = slots.reserve();
        String id;
        try {
            id = uploads.start(repository.name());
        } catch (IOException | RuntimeException e) {
            slots.release(slot);
            throw e;
        }
        if (digestParam != null) {
            try {
                Digest digest = References.digest(digestParam);
                uploads.finish(repository.name(), id, null, sizeGuard.limit(exchange.body(), 0, exchange.contentLength()), digest);
                repository.linkBlob(digest);
                created(exchange, repository, digest);
            } catch (IOException | RuntimeException e) {
                cancelQuietly(repository, id);
                throw e;
            } finally {
                slots.release(slot);
            }
            return;
        }
        slots.bind(slot, id);
        sendProgress(exchange, repository, id, 0, 202);
    }

    /** The body, limited to what the session may still take (its current size is only looked up when there is a limit). */
    private ByteSource limited(ByteSource body, Exchange exchange, Repository repository, String id) throws IOException {
        return sizeGuard.limited() ? sizeGuard.limit(body, uploads.size(repository.name(), id), exchange.contentLength()) : body;
    }

    /**
     * Links a blob from another repository ({@code from}) or, without {@code from}, any blob the
     * registry already holds (the spec lets a registry mount without it). With token auth the
     * caller must be able to pull it: from {@code from}, or without it from some repository its
     * token can pull that holds the blob. False when it cannot, and the caller falls back to a
     * new upload session, as the spec requires.
     */
    private boolean tryMount(Exchange exchange, Repository repository, Digest digest, String from) throws IOException {
        Access access = Access.of(exchange.request());
        boolean available;
        if (from != null) {
            available = Names.isName(from) && access.permits(Scope.repository(from, Scope.PULL)) && registry.repository(from).hasBlob(digest);
        } else if (access.unrestricted()) {
            available = registry.blobs().exists(digest);
        } else {
            available = false;
            for (String name : access.pullableRepositories()) {
                if (Names.isName(name) && registry.repository(name).hasBlob(digest)) {
                    available = true;
                    break;
                }
            }
        }
        if (!available) {
            return false;
        }
        repository.linkBlob(digest);
        created(exchange, repository, digest);
        return true;
    }

    private void patch(Exchange exchange, Repository repository, String id) throws IOException {
        long size;
        try {
            Long start = chunkStart(exchange, repository, id);
            size = uploads.append(repository.name(), id, start, limited(exchange.body(), exchange, repository, id));
        } catch (UploadRangeException e) {
            sendRangeRefusal(exchange, repository, id, e.size());
            return;
        }
        sendProgress(exchange, repository, id, size, 202);
    }

    private void put(Exchange exchange, Repository repository, String id) throws IOException {
        String digestParam = exchange.param("digest");
        if (digestParam == null) {
            throw new RegistryException(ErrorCode.DIGEST_INVALID, "PUT that completes an upload needs ?digest=<algorithm:hex>");
        }
        Digest digest = References.digest(digestParam);
        ByteSource body = exchange.contentLength() == 0 ? ByteSource.EMPTY : exchange.body();
        try {
            Long start = chunkStart(exchange, repository, id);
            uploads.finish(repository.name(), id, start, limited(body, exchange, repository, id), digest);
        } catch (UploadRangeException e) {
            sendRangeRefusal(exchange, repository, id, e.size());
            return;
        } catch (RegistryException e) {
            if (e.code() == ErrorCode.DIGEST_INVALID) {
                slots.release(id); // the session was cancelled
            }
            throw e;
        }
        slots.release(id);
        repository.linkBlob(digest);
        created(exchange, repository, digest);
    }

    /** Where the chunk says it starts, or null without Content-Range; a malformed or inconsistent range is a 416. */
    private Long chunkStart(Exchange exchange, Repository repository, String id) throws IOException {
        String header = exchange.header(Headers.CONTENT_RANGE);
        if (header == null) {
            return null;
        }
        Matcher m = CONTENT_RANGE.matcher(header.strip());
        long start;
        long end;
        try {
            if (!m.matches()) {
                throw new NumberFormatException(header);
            }
            start = Long.parseLong(m.group(1));
            end = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            throw new UploadRangeException("malformed Content-Range '" + header + "': expected <start>-<end>",
                    uploads.size(repository.name(), id));
        }
        long declared = exchange.contentLength();
        if (end < start || (declared >= 0 && declared != end - start + 1)) {
            throw new UploadRangeException("Content-Range " + header + " does not match Content-Length " + declared,
                    uploads.size(repository.name(), id));
        }
        return start;
    }

    private void sendRangeRefusal(Exchange exchange, Repository repository, String id, long size) {
        exchange.header(Headers.LOCATION, location(repository, id))
                .header(Headers.RANGE, range(size))
                .header(Headers.UPLOAD_UUID, id)
                .header("Blob-Upload-Session-ID", id);
        exchange.send(416);
    }

    private void sendProgress(Exchange exchange, Repository repository, String id, long size, int status) {
        exchange.header(Headers.LOCATION, location(repository, id))
                .header(Headers.RANGE, range(size))
                .header(Headers.UPLOAD_UUID, id)
                .header("Blob-Upload-Session-ID", id);
        exchange.send(status);
    }

    private static void created(Exchange exchange, Repository repository, Digest digest) {
        exchange.header(Headers.LOCATION, "/v2/" + repository.name() + "/blobs/" + digest)
                .header(Headers.DIGEST, digest.toString());
        exchange.send(201);
    }

    private void cancelQuietly(Repository repository, String id) {
        try {
            uploads.cancel(repository.name(), id);
        } catch (IOException | RuntimeException e) {
            // already gone (a digest mismatch cancels the session itself)
        }
    }

    private static String location(Repository repository, String id) {
        return "/v2/" + repository.name() + "/blobs/uploads/" + id;
    }

    /** distribution's form: inclusive end, "0-0" for an empty session. */
    private static String range(long size) {
        return "0-" + Math.max(0, size - 1);
    }
}
