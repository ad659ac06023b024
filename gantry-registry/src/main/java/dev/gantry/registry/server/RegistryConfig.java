package dev.gantry.registry.server;

import dev.gantry.registry.metadata.DatabaseConfig;
import dev.gantry.registry.storage.StorageConfig;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a registry server runs: where it listens, where it stores, how long shutdown waits for
 * requests in flight, who may use it (null htpasswd: anyone), TLS (null cert and key: plain
 * HTTP), upload limits (0: none), and token auth (null: none; never together with htpasswd).
 * Start from {@link #defaults()} and change it with the {@code with} methods, each returning a
 * new value.
 *
 * @param host                 the address to listen on, a name or an IP address; a loopback one keeps the
 *                             registry reachable from this machine only
 * @param port                 the TCP port; 0 picks a free one, which {@link RegistryServer#port()} then tells
 * @param dataDir              the storage directory of the file-system driver, created when missing; unused when
 *                             {@code storage} names a driver
 * @param shutdownGrace        how long a stop waits for requests in flight; zero stops at once
 * @param accessLog            whether each request is logged as one JSON line to the stream given to
 *                             {@link RegistryServer}
 * @param htpasswd             an htpasswd file of bcrypt entries that every request must authenticate against
 *                             (HTTP Basic), or null for none
 * @param readOnly             whether only GET and HEAD are served (405 UNSUPPORTED for the rest)
 * @param tlsCert              a PEM certificate chain, the server's own certificate first, or null for plain HTTP
 * @param tlsKey               the PEM PKCS#8 private key of that certificate, or null for plain HTTP
 * @param maxUploadSize        the most bytes one upload may hold, refused past it with 413 (0: no limit)
 * @param maxConcurrentUploads the most upload sessions open at once on this server, refused past it with 429
 *                             (0: no limit)
 * @param tokenAuth            bearer-token authentication against a token server, or null for none
 * @param storage              the storage driver and its settings, or null for the file-system driver over
 *                             {@code dataDir}
 * @param database             the database holding the registry's metadata, or null for the storage tree (the
 *                             embedded default)
 */
public record RegistryConfig(String host, int port, Path dataDir, Duration shutdownGrace, boolean accessLog, Path htpasswd, boolean readOnly,
                             Path tlsCert, Path tlsKey, long maxUploadSize, int maxConcurrentUploads, TokenAuthConfig tokenAuth,
                             StorageConfig storage, DatabaseConfig database) {
    /** Loopback: a registry is reachable from other machines only when asked for. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Port 5000, as distribution's registry listens by default. */
    public static final int DEFAULT_PORT = 5000;
    /** {@code gantry-data}, relative to the working directory. */
    public static final Path DEFAULT_DATA = Path.of("gantry-data");

    /**
     * Checks that the settings go together.
     *
     * @throws IllegalArgumentException when only one of {@code tlsCert} and {@code tlsKey} is given, both
     *                                  {@code htpasswd} and {@code tokenAuth} are, or an upload limit is negative
     */
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

    /**
     * The settings of {@code gantry serve} without flags: {@value #DEFAULT_HOST}:{@value #DEFAULT_PORT}, data in
     * {@code gantry-data}, 30 s shutdown grace, access log on, no authentication, read-write, plain HTTP, no upload
     * limits.
     *
     * @return the default configuration
     */
    public static RegistryConfig defaults() {
        return new RegistryConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_DATA, Duration.ofSeconds(30), true, null, false, null, null, 0, 0, null, null, null);
    }

    /**
     * The same settings, listening at another address.
     *
     * @param newHost the address to listen on
     * @param newPort the TCP port, 0 for a free one
     * @return a copy with that address
     */
    public RegistryConfig withAddress(String newHost, int newPort) {
        return new RegistryConfig(newHost, newPort, dataDir, shutdownGrace, accessLog, htpasswd, readOnly, tlsCert, tlsKey, maxUploadSize, maxConcurrentUploads, tokenAuth, storage, database);
    }

    /**
     * The same settings, storing in another directory.
     *
     * @param newDataDir the storage directory, created when missing
     * @return a copy with that directory
     */
    public RegistryConfig withDataDir(Path newDataDir) {
        return new RegistryConfig(host, port, newDataDir, shutdownGrace, accessLog, htpasswd, readOnly, tlsCert, tlsKey, maxUploadSize, maxConcurrentUploads, tokenAuth, null, database);
    }

    /**
     * The same settings, storing through the driver {@code config} names ({@code "storage"} in a config file).
     *
     * @param config the driver and its settings; null for the file-system driver over {@link #dataDir()}
     * @return a copy with that storage
     */
    public RegistryConfig withStorage(StorageConfig config) {
        return new RegistryConfig(host, port, dataDir, shutdownGrace, accessLog, htpasswd, readOnly, tlsCert, tlsKey, maxUploadSize, maxConcurrentUploads, tokenAuth, config, database);
    }

    /**
     * The same settings, keeping the registry's metadata in a database ({@code "database"} in a config file)
     * instead of the storage tree.
     *
     * @param config the database's connection settings; null for the storage tree
     * @return a copy with that metadata store
     */
    public RegistryConfig withDatabase(DatabaseConfig config) {
        return new RegistryConfig(host, port, dataDir, shutdownGrace, accessLog, htpasswd, readOnly, tlsCert, tlsKey, maxUploadSize, maxConcurrentUploads, tokenAuth, storage, config);
    }

    /**
     * The storage the server uses: {@link #storage()}, or the file-system driver over {@link #dataDir()}.
     *
     * @return the driver and its settings
     */
    public StorageConfig storageConfig() {
        return storage != null ? storage : StorageConfig.filesystem(dataDir);
    }

    /**
     * The same settings, with the JSON access log on or off.
     *
     * @param enabled whether each request is logged
     * @return a copy with that setting
     */
    public RegistryConfig withAccessLog(boolean enabled) {
        return new RegistryConfig(host, port, dataDir, shutdownGrace, enabled, htpasswd, readOnly, tlsCert, tlsKey, maxUploadSize, maxConcurrentUploads, tokenAuth, storage, database);
    }

    /**
     * Sets how long a stop waits for requests in flight; zero stops at once (tests).
     *
     * @param grace the longest wait
     * @return a copy with that grace period
     */
    public RegistryConfig withShutdownGrace(Duration grace) {
        return new RegistryConfig(host, port, dataDir, grace, accessLog, htpasswd, readOnly, tlsCert, tlsKey, maxUploadSize, maxConcurrentUploads, tokenAuth, storage, database);
    }

    /**
     * Requires Basic authentication against this htpasswd file (bcrypt entries).
     *
     * @param file the htpasswd file, read when the server is made; null for no Basic authentication
     * @return a copy with that file
     * @throws IllegalArgumentException when token auth is configured too
     */
    public RegistryConfig withHtpasswd(Path file) {
        return new RegistryConfig(host, port, dataDir, shutdownGrace, accessLog, file, readOnly, tlsCert, tlsKey, maxUploadSize, maxConcurrentUploads, tokenAuth, storage, database);
    }

    /**
     * Serves pulls only: every method but GET and HEAD is refused.
     *
     * @param enabled whether the registry is read-only
     * @return a copy with that setting
     */
    public RegistryConfig withReadOnly(boolean enabled) {
        return new RegistryConfig(host, port, dataDir, shutdownGrace, accessLog, htpasswd, enabled, tlsCert, tlsKey, maxUploadSize, maxConcurrentUploads, tokenAuth, storage, database);
    }

    /**
     * Serves HTTPS with this PEM certificate chain and PEM PKCS#8 private key (both null: plain HTTP).
     *
     * @param certificateChain PEM certificates, the server's own first; read when the server is made
     * @param privateKey       the PEM PKCS#8 key of the first certificate, unencrypted
     * @return a copy with those files
     * @throws IllegalArgumentException when only one of the two is null
     */
    public RegistryConfig withTls(Path certificateChain, Path privateKey) {
        return new RegistryConfig(host, port, dataDir, shutdownGrace, accessLog, htpasswd, readOnly, certificateChain, privateKey, maxUploadSize, maxConcurrentUploads, tokenAuth, storage, database);
    }

    /**
     * Refuses an upload session whose bytes would exceed this many (0: no limit).
     *
     * @param bytes the most bytes one upload may hold
     * @return a copy with that limit
     * @throws IllegalArgumentException when {@code bytes} is negative
     */
    public RegistryConfig withMaxUploadSize(long bytes) {
        return new RegistryConfig(host, port, dataDir, shutdownGrace, accessLog, htpasswd, readOnly, tlsCert, tlsKey, bytes, maxConcurrentUploads, tokenAuth, storage, database);
    }

    /**
     * Refuses new upload sessions while this many are open (0: no limit).
     *
     * @param sessions the most upload sessions open at once
     * @return a copy with that limit
     * @throws IllegalArgumentException when {@code sessions} is negative
     */
    public RegistryConfig withMaxConcurrentUploads(int sessions) {
        return new RegistryConfig(host, port, dataDir, shutdownGrace, accessLog, htpasswd, readOnly, tlsCert, tlsKey, maxUploadSize, sessions, tokenAuth, storage, database);
    }

    /**
     * Requires bearer tokens from this token server (null: no token auth).
     *
     * @param auth the token server's realm, service, issuer and signing keys, or null
     * @return a copy with that setting
     * @throws IllegalArgumentException when an htpasswd file is configured too
     */
    public RegistryConfig withTokenAuth(TokenAuthConfig auth) {
        return new RegistryConfig(host, port, dataDir, shutdownGrace, accessLog, htpasswd, readOnly, tlsCert, tlsKey, maxUploadSize, maxConcurrentUploads, auth, storage, database);
    }

    /**
     * Whether the server speaks HTTPS.
     *
     * @return true when a certificate (and so a key) is configured
     */
    public boolean tls() {
        return tlsCert != null;
    }

    /**
     * Whether the listening address is reachable from this machine only; {@code gantry serve} refuses any other
     * address without authentication unless given {@code --insecure-public}. The host name is resolved to decide.
     *
     * @return true for a loopback address; false for any other, or a name that does not resolve
     */
    public boolean isLoopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
