package dev.gantry.registry.api;

import dev.gantry.digest.Digest;
import dev.gantry.registry.content.References;
import dev.gantry.registry.content.Registry;
import dev.gantry.registry.content.Repository;
import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.BufferUtil;

import dev.gantry.registry.storage.PathNotFoundException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * /v2/&lt;name&gt;/blobs/&lt;digest&gt;: HEAD, GET (with Range) and DELETE. The bytes come from the
 * storage driver in one of three ways, the first it offers: a redirect (307) to a URL the driver
 * issues (a presigned object-store URL), a local file sent from the page cache, or a stream read
 * through the driver.
 */
final class BlobResource {
    /** Direct buffers of 1 MiB: file bytes go from the page cache to the socket without landing in the Java heap. */
    private static final int BUFFER = 1 << 20;

    private final Registry registry;

    BlobResource(Registry registry) {
        this.registry = registry;
    }

    void handle(Exchange exchange, Repository repository, String reference) throws IOException {
        Digest digest = References.digest(reference);
        switch (exchange.method()) {
            case "GET", "HEAD" -> get(exchange, repository, digest);
            case "DELETE" -> {
                repository.unlinkBlob(digest);
                exchange.send(202);
            }
            default -> throw new RegistryException(ErrorCode.UNSUPPORTED, exchange.method() + " is not supported on blobs");
        }
    }

    private void get(Exchange exchange, Repository repository, Digest digest) throws IOException {
        long size = repository.blobSize(digest);
        Optional<URI> redirect = registry.blobs().redirectUrl(digest, exchange.method());
        if (redirect.isPresent()) {
            exchange.header(Headers.DIGEST, digest.toString())
                    .header(Headers.LOCATION, redirect.get().toString());
            exchange.send(307);
            return;
        }
        exchange.header(Headers.DIGEST, digest.toString())
                .header("Accept-Ranges", "bytes")
                .header("ETag", "\"" + digest + "\"")
                .header("Cache-Control", "max-age=31536000");
        exchange.response().getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        long offset = 0;
        long length = size;
        int status = 200;
        String contentRange = null;
        switch (ByteRange.of(exchange.header("Range"), size)) {
            case ByteRange.Unsatisfiable u -> {
                exchange.header("Content-Range", "bytes */" + size);
                exchange.send(416);
                return;
            }
            case ByteRange.Partial p -> {
                offset = p.range().start();
                length = p.range().length();
                status = 206;
                contentRange = "bytes " + p.range().start() + "-" + p.range().end() + "/" + size;
            }
            case ByteRange.Whole w -> {
            }
        }
        Content.Source source = null;
        if (!exchange.isHead() && length > 0) {
            // Opened before the status is set, so a blob gone since its size was read is still a clean 404.
            source = open(exchange, digest, offset, length);
        }
        exchange.response().setStatus(status);
        if (contentRange != null) {
            exchange.header("Content-Range", contentRange);
        }
        exchange.response().getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        if (source == null) {
            exchange.response().write(true, BufferUtil.EMPTY_BUFFER, exchange.callback());
            return;
        }
        Content.copy(source, exchange.response(), exchange.callback());
    }

    /** The blob's bytes from {@code offset}: straight from its file when the driver has one, else read through the driver. */
    private Content.Source open(Exchange exchange, Digest digest, long offset, long length) throws IOException {
        ByteBufferPool.Sized buffers = new ByteBufferPool.Sized(exchange.request().getComponents().getByteBufferPool(), true, BUFFER);
        Optional<Path> file = registry.blobs().localFile(digest);
        if (file.isPresent()) {
            return Content.Source.from(buffers, file.get(), offset, length);
        }
        InputStream in;
        try {
            in = registry.blobs().open(digest, offset);
        } catch (PathNotFoundException e) {
            throw new RegistryException(ErrorCode.BLOB_UNKNOWN, "blob " + digest + " vanished");
        }
        return Content.Source.from(buffers, in, 0, length);
    }
}
