package dev.gantry.registry.s3;

import dev.gantry.registry.storage.StorageConfig;
import dev.gantry.testing.S3ProxyServer;

import java.io.IOException;
import java.util.Map;

/**
 * testkit's {@link S3ProxyServer} (a real S3 API server in its own process) with the driver's configuration type.
 * Public, in this module's test-jar, for gantry-registry-it.
 */
public final class S3Proxy implements AutoCloseable {
    public static final String IDENTITY = S3ProxyServer.IDENTITY;
    public static final String CREDENTIAL = S3ProxyServer.CREDENTIAL;

    private final S3ProxyServer server;

    private S3Proxy(S3ProxyServer server) {
        this.server = server;
    }

    /** Starts S3Proxy and waits until it answers. */
    public static S3Proxy start() throws Exception {
        return new S3Proxy(S3ProxyServer.start());
    }

    public String log() {
        return server.log();
    }

    public String endpoint() {
        return server.endpoint();
    }

    public String newBucket() throws IOException {
        return server.newBucket();
    }

    /** The {@code "storage"} options of an {@code s3} driver on a new, empty bucket of this server. */
    public StorageConfig newStorage(Map<String, String> extra) throws IOException {
        return new StorageConfig("s3", server.newStorageOptions(extra), null);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
