package dev.gantry.registry.s3;

import dev.gantry.registry.storage.StorageConfig;
import dev.gantry.testing.S3ProxyServer;

import java.io.IOException;
import java.util.Map;

/** testkit's {@link S3ProxyServer} (a real S3 API server in its own process) with the driver's configuration type. */
final class S3Proxy implements AutoCloseable {
    static final String IDENTITY = S3ProxyServer.IDENTITY;
    static final String CREDENTIAL = S3ProxyServer.CREDENTIAL;

    private final S3ProxyServer server;

    private S3Proxy(S3ProxyServer server) {
        this.server = server;
    }

    /** Starts S3Proxy and waits until it answers. */
    static S3Proxy start() throws Exception {
        return new S3Proxy(S3ProxyServer.start());
    }

    String log() {
        return server.log();
    }

    String endpoint() {
        return server.endpoint();
    }

    String newBucket() throws IOException {
        return server.newBucket();
    }

    /** The {@code "storage"} options of an {@code s3} driver on a new, empty bucket of this server. */
    StorageConfig newStorage(Map<String, String> extra) throws IOException {
        return new StorageConfig("s3", server.newStorageOptions(extra), null);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
