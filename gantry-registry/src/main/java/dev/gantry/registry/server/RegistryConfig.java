package dev.gantry.registry.server;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a registry server runs: where it listens, where it stores, how long shutdown waits for
 * requests in flight, who may use it (null htpasswd: anyone), TLS (null cert and key: plain
 * HTTP), upload limits (0: none), and token auth (null: none; never together with htpasswd).
 */
public record RegistryConfig(String host, int port, Path dataDir, Duration shutdownGrace, boolean accessLog, Path htpasswd, boolean readOnly,
                             Path tlsCert, Path tlsKey, long maxUploadSize, int maxConcurrentUploads, TokenAuthConfig tokenAuth) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5000;
    public static final Path DEFAULT_DATA = Path.of("gantry-data");

    public RegistryConfig {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate file and a private key file, got only the "
                    + (tlsCert == null ? "key" : "certificate"));
        }
        if (htpasswd != null && tokenAuth != null) {
            throw new IllegalArgumentException("choose one authentication: an htpasswd file (Basic) or a token server (Bearer), not both");
        }
        if (maxUploadSize < 0) {
            throw new IllegalArgumentException("the maximum upload size must be 0 (no limit) or more bytes, not " + maxUploadSize);
        }
        if (maxConcurrentUploads < 0) {
            throw new IllegalArgumentException("the maximum number of concurrent uploads must be 0 (no limit) or more, not " + maxConcurrentUploads);
        }
    }

    public static RegistryConfig defaults() {
        return new RegistryConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_DATA, Duration.ofSeconds(30), true, null, false, null, null, 0, 0, null);
    }

    public RegistryConfig withAddress(String newHost, int newPort) {
        return new RegistryConfig(newHost, newPort, dataDir, shutdownGrace, accessLog, htpasswd, readOnly, tlsCert, tlsKey, maxUploadSize, maxConcurrentUploads, tokenAuth);
    }

    public RegistryConfig withDataDir(Path newDataDir) {
        return new RegistryConfig(host, port, newDataDir, shutdownGrace, accessLog, htpasswd, readOnly, tlsCert, tlsKey, maxUploadSize, maxConcurrentUploads, tokenAuth);
    }

    public RegistryConfig withAccessLog(boolean enabled) {
        return new RegistryConfig(host, port, dataDir, shutdownGrace, enabled, htpasswd, readOnly, tlsCert, tlsKey, maxUploadSize, maxConcurrentUploads, tokenAuth);
    }

    /** How long a stop waits for requests in flight; zero stops at once (tests). */
    public RegistryConfig withShutdownGrace(Duration grace) {
        return new RegistryConfig(host, port, dataDir, grace, accessLog, htpasswd, readOnly, tlsCert, tlsKey, maxUploadSize, maxConcurrentUploads, tokenAuth);
    }

    /** Requires Basic authentication against this htpasswd file (bcrypt entries). */
    public RegistryConfig withHtpasswd(Path file) {
        return new RegistryConfig(host, port, dataDir, shutdownGrace, accessLog, file, readOnly, tlsCert, tlsKey, maxUploadSize, maxConcurrentUploads, tokenAuth);
    }

    /** Serves pulls only: every method but GET and HEAD is refused. */
    public RegistryConfig withReadOnly(boolean enabled) {
        return new RegistryConfig(host, port, dataDir, shutdownGrace, accessLog, htpasswd, enabled, tlsCert, tlsKey, maxUploadSize, maxConcurrentUploads, tokenAuth);
    }

    /** Serves HTTPS with this PEM certificate chain and PEM PKCS#8 private key (both null: plain HTTP). */
    public RegistryConfig withTls(Path certificateChain, Path privateKey) {
        return new RegistryConfig(host, port, dataDir, shutdownGrace, accessLog, htpasswd, readOnly, certificateChain, privateKey, maxUploadSize, maxConcurrentUploads, tokenAuth);
    }

    /** Refuses an upload session whose bytes would exceed this many (0: no limit). */
    public RegistryConfig withMaxUploadSize(long bytes) {
        return new RegistryConfig(host, port, dataDir, shutdownGrace, accessLog, htpasswd, readOnly, tlsCert, tlsKey, bytes, maxConcurrentUploads, tokenAuth);
    }

    /** Refuses new upload sessions while this many are open (0: no limit). */
    public RegistryConfig withMaxConcurrentUploads(int sessions) {
        return new RegistryConfig(host, port, dataDir, shutdownGrace, accessLog, htpasswd, readOnly, tlsCert, tlsKey, maxUploadSize, sessions, tokenAuth);
    }

    /** Requires bearer tokens from this token server (null: no token auth). */
    public RegistryConfig withTokenAuth(TokenAuthConfig auth) {
        return new RegistryConfig(host, port, dataDir, shutdownGrace, accessLog, htpasswd, readOnly, tlsCert, tlsKey, maxUploadSize, maxConcurrentUploads, auth);
    }

    public boolean tls() {
        return tlsCert != null;
    }

    /** True when the address is only reachable from this machine. */
    public boolean isLoopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
