package dev.gantry.registry.api;

import dev.gantry.registry.content.Names;
import dev.gantry.registry.content.Registry;
import dev.gantry.registry.content.Repository;
import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;
import dev.gantry.oci.Json;
import dev.gantry.registry.storage.InvalidStoragePathException;
import dev.gantry.registry.storage.StorageFullException;
import dev.gantry.registry.storage.StorageSpace;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The distribution API: routes each request to its resource and turns refusals into the
 * spec's JSON errors. Handlers block (they run on virtual threads) and complete the callback
 * when Jetty has written the response.
 */
public final class RegistryHandler extends Handler.Abstract {
    private static final Logger LOG = Logger.getLogger(RegistryHandler.class.getName());
    /** How much of a refused upload's remaining body is read and dropped so the 507 reaches the client; past it the connection closes. */
    private static final long DISCARD_LIMIT = 64L << 20;

    private final Registry registry;
    private final BlobResource blobs;
    private final UploadResource uploads;
    private final ManifestResource manifests = new ManifestResource();
    private final TagsResource tags = new TagsResource();
    private final ReferrersResource referrers = new ReferrersResource();
    private final CatalogResource catalog;

    public RegistryHandler(Registry registry) {
        this(registry, UploadLimits.NONE);
    }

    public RegistryHandler(Registry registry, UploadLimits limits) {
        super(InvocationType.BLOCKING);
        this.registry = registry;
        this.blobs = new BlobResource(registry);
        this.uploads = new UploadResource(registry, limits);
        this.catalog = new CatalogResource(registry);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange exchange = new Exchange(request, response, callback);
        response.getHeaders().put("Docker-Distribution-API-Version", "registry/2.0");
        try {
            dispatch(exchange, Request.getPathInContext(request));
        } catch (RegistryException e) {
            sendError(exchange, e);
        } catch (InvalidStoragePathException e) {
            sendError(exchange, new RegistryException(ErrorCode.NAME_INVALID, e.getMessage()));
        } catch (StorageFullException e) {
            refuseForLackOfSpace(exchange, e);
        } catch (IOException | RuntimeException e) {
            // Anything else, a GantryException included, is the registry's fault (a damaged store, a bug): 500, logged.
            if (response.isCommitted()) {
                callback.failed(e);
                return true;
            }
            LOG.log(Level.WARNING, request.getMethod() + " " + request.getHttpURI().getPathQuery() + " failed", e);
            response.setStatus(500);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, java.nio.ByteBuffer.wrap(("{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"internal error\"}]}")
                    .getBytes(StandardCharsets.UTF_8)), callback);
        }
        return true;
    }

    private void dispatch(Exchange exchange, String path) throws IOException {
        Route route = Route.parse(path);
        if (route == null) {
            exchange.send(404, "text/plain; charset=utf-8", "404 page not found\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        switch (route.kind()) {
            case BASE -> exchange.send(200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            case HEALTH -> {
                Map<String, Object> health = health();
                exchange.send("ok".equals(health.get("status")) ? 200 : 503, "application/json", Json.write(health));
            }
            case CATALOG -> catalog.handle(exchange);
            default -> {
                if (!Names.isName(route.name())) {
                    Names.requireName(route.name());
                }
                Repository repository = registry.repository(route.name());
                switch (route.kind()) {
                    case TAGS -> tags.handle(exchange, repository);
                    case MANIFEST -> manifests.handle(exchange, repository, route.argument());
                    case BLOB -> blobs.handle(exchange, repository, route.argument());
                    case UPLOAD -> uploads.handle(exchange, repository, route.argument());
                    case REFERRERS -> referrers.handle(exchange, repository, route.argument());
                    default -> throw new IllegalStateException("unrouted " + route.kind());
                }
            }
        }
    }

    /** How long /healthz waits for one component before calling it down. */
    private static final long HEALTH_TIMEOUT_SECONDS = 8;

    /**
     * {"status":"ok","storage":{"status":"ok","freeBytes":N,"totalBytes":N},"database":{"status":"ok"}}: each
     * component checked at once (the database only when one is configured), "down" with the error when it does
     * not answer, and the whole "unavailable" (503, so a load balancer takes the node out) when one is down.
     */
    private Map<String, Object> health() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        var storage = check(registry::checkStorage);
        var database = registry.metadata().isDatabase() ? check(() -> registry.metadata().checkReachable()) : null;
        Map<String, Object> storageStatus = component(storage);
        if ("ok".equals(storageStatus.get("status"))) {
            registry.space().ifPresent(space -> {
                storageStatus.put("freeBytes", space.freeBytes());
                storageStatus.put("totalBytes", space.totalBytes());
            });
        }
        body.put("storage", storageStatus);
        if (database != null) {
            body.put("database", component(database));
        }
        if (body.values().stream().anyMatch(v -> v instanceof Map<?, ?> m && !"ok".equals(m.get("status")))) {
            body.put("status", "unavailable");
        }
        return body;
    }

    /** A check that may block (a store that does not answer) run on a thread of its own, so both run at once. */
    @FunctionalInterface
    private interface Check {
        void run() throws IOException;
    }

    private static java.util.concurrent.CompletableFuture<Void> check(Check check) {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        Thread.ofVirtual().name("gantry-healthz").start(() -> {
            try {
                check.run();
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private static Map<String, Object> component(java.util.concurrent.CompletableFuture<Void> check) {
        Map<String, Object> status = new LinkedHashMap<>();
        try {
            check.get(HEALTH_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
            status.put("status", "ok");
        } catch (java.util.concurrent.ExecutionException e) {
            status.put("status", "down");
            status.put("error", String.valueOf(e.getCause().getMessage()));
        } catch (java.util.concurrent.TimeoutException e) {
            status.put("status", "down");
            status.put("error", "no answer within " + HEALTH_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status.put("status", "down");
            status.put("error", "interrupted");
        }
        return status;
    }

    /**
     * A write the storage refused for lack of space: 507 Insufficient Storage (RFC 4918), which
     * clients do not retry, with a body that says so. distribution answers 500 UNKNOWN here,
     * which clients retry in vain and users cannot read; the spec has no code for it, so the
     * code is distribution's UNKNOWN and the message carries the meaning. A full disk is an
     * operating condition, not a bug: one log line, no stack trace. What is left of the body is
     * read and dropped first, so the answer reaches a client that is still sending.
     */
    private void refuseForLackOfSpace(Exchange exchange, StorageFullException e) {
        Request request = exchange.request();
        Optional<StorageSpace> space = registry.space();
        LOG.warning(request.getMethod() + " " + request.getHttpURI().getPath() + " refused (507 Insufficient Storage): " + e.getMessage()
                + space.map(s -> "; " + s.freeBytes() + " of " + s.totalBytes() + " bytes free").orElse(""));
        exchange.discardRest(DISCARD_LIMIT);
        Map<String, Object> detail = new LinkedHashMap<>();
        space.ifPresent(s -> detail.put("freeBytes", s.freeBytes()));
        sendError(exchange, new RegistryException(ErrorCode.UNKNOWN, "the registry's storage is full, so nothing of this request was stored"
                + " and a blob upload it belongs to is cancelled; push again once space has been freed on the registry", detail, 507));
    }

    private static void sendError(Exchange exchange, RegistryException e) {
        if (exchange.response().isCommitted()) {
            exchange.callback().failed(e);
            return;
        }
        if (e.code() == ErrorCode.TOOMANYREQUESTS) {
            exchange.header("Retry-After", String.valueOf(dev.gantry.registry.metadata.UploadSlots.RETRY_AFTER_SECONDS));
        }
        exchange.send(e.status(), "application/json", ErrorBodies.of(e));
    }
}
