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

import java.io.IOException;
import java.nio.file.Path;

/** /v2/&lt;name&gt;/blobs/&lt;digest&gt;: HEAD, GET (with Range) and DELETE. */
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
        Path file = registry.blobs().localFile(digest)
                .orElseThrow(() -> new RegistryException(ErrorCode.BLOB_UNKNOWN, "blob " + digest + " vanished"));
        exchange.header(Headers.DIGEST, digest.toString())
                .header("Accept-Ranges", "bytes")
                .header("ETag", "\"" + digest + "\"")
                .header("Cache-Control", "max-age=31536000");
        exchange.response().getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        long offset = 0;
        long length = size;
        switch (ByteRange.of(exchange.header("Range"), size)) {
            case ByteRange.Unsatisfiable u -> {
                exchange.header("Content-Range", "bytes */" + size);
                exchange.send(416);
                return;
            }
            case ByteRange.Partial p -> {
                offset = p.range().start();
                length = p.range().length();
                exchange.response().setStatus(206);
                exchange.header("Content-Range", "bytes " + p.range().start() + "-" + p.range().end() + "/" + size);
            }
            case ByteRange.Whole w -> exchange.response().setStatus(200);
        }
        exchange.response().getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        if (exchange.isHead() || length == 0) {
            exchange.response().write(true, BufferUtil.EMPTY_BUFFER, exchange.callback());
            return;
        }
        ByteBufferPool pool = exchange.request().getComponents().getByteBufferPool();
        Content.Source source = Content.Source.from(new ByteBufferPool.Sized(pool, true, BUFFER), file, offset, length);
        Content.copy(source, exchange.response(), exchange.callback());
    }
}
