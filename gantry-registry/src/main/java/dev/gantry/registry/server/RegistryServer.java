package dev.gantry.registry.server;

import dev.gantry.registry.api.RegistryHandler;
import dev.gantry.registry.api.UploadLimits;
import dev.gantry.registry.auth.BasicAuthHandler;
import dev.gantry.registry.auth.Htpasswd;
import dev.gantry.registry.auth.TokenAuthHandler;
import dev.gantry.registry.auth.TokenVerifier;
import dev.gantry.registry.auth.TrustedKeys;
import dev.gantry.registry.content.Registry;
import dev.gantry.registry.content.StorageLayout;
import dev.gantry.registry.content.TreeMetadataStore;
import dev.gantry.registry.metadata.LocalUploadSlots;
import dev.gantry.registry.metadata.MetadataStore;
import dev.gantry.registry.metadata.MetadataStores;
import dev.gantry.registry.metadata.SharedUploadSlots;
import dev.gantry.registry.storage.StorageDriver;
import dev.gantry.registry.storage.StorageDrivers;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;

/**
 * The registry over HTTP: Jetty 12 core handlers (no servlets) on virtual threads, one
 * connector (HTTPS when the config has a certificate and key), a graceful handler so a stop waits for requests in flight, and a JSON access log.
 * Authentication (htpasswd or token), read-only mode and {@code /metrics} (Prometheus text) are
 * handlers in front of the API, as the config asks. Typical use:
 * {@code new RegistryServer(config, System.out).start()}, then {@link #close()}.
 */
public final class RegistryServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final String scheme;
    /** The metadata store when it holds resources of its own (a database pool), closed after the server stops. */
    private final AutoCloseable metadata;
    /** Starts this node's online garbage collector, when the metadata store has one and the config enables it; else null. */
    private final java.util.function.Supplier<dev.gantry.registry.gc.OnlineGcWorker> onlineGc;
    private dev.gantry.registry.gc.OnlineGcWorker onlineGcWorker;

    /**
     * Builds a server from {@code config} without starting it: the data directory is created, and the htpasswd,
     * token-key and TLS files are read now, so a bad file fails here rather than on the first request.
     *
     * @param config    how the server runs
     * @param accessLog where the JSON access lines go when {@code config.accessLog()} is on; null for nowhere
     * @throws IOException when the data directory cannot be created, or a configured file cannot be read or used
     *                     (the message names the file: a key that does not go with its certificate, say), or
     *                     the configured database cannot be reached or migrated
     * @throws dev.gantry.error.InvalidInputException when the htpasswd file has a line that is not
     *                                                {@code user:bcrypt-hash} or no users, the token-key file
     *                                                holds no usable certificate or public key, or the storage
     *                                                configuration names an unknown driver or a wrong option
     */
    public RegistryServer(RegistryConfig config, PrintStream accessLog) throws IOException {
        this(config, accessLog, ConnectionLimits.DEFAULTS);
    }

    /**
     * Builds a server as {@link #RegistryServer(RegistryConfig, PrintStream)} does, with other limits on what
     * clients may hold.
     *
     * @param config    how the server runs
     * @param accessLog where the JSON access lines go when {@code config.accessLog()} is on; null for nowhere
     * @param limits    the idle timeout, connection cap, header size and slowest upload allowed
     * @throws IOException as the other constructor
     */
    public RegistryServer(RegistryConfig config, PrintStream accessLog, ConnectionLimits limits) throws IOException {
        MetadataStore[] chosen = new MetadataStore[1];
        Registry registry = content(config, chosen);
        metadata = chosen[0] instanceof AutoCloseable closeable ? closeable : null;
        onlineGc = chosen[0] instanceof dev.gantry.registry.metadata.OnlineGarbageCollection online && config.database().gc().enabled()
                ? () -> dev.gantry.registry.gc.OnlineGcWorker.start(online, registry.blobs(), config.database().gc())
                : null;
        VirtualThreadPool threads = new VirtualThreadPool();
        threads.setName("gantry-registry");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        // Manifests and redirect-free Locations are relative; clients resolve them against the request URL.
        http.setRelativeRedirectAllowed(true);
        // 64 KiB input buffers (Jetty's default is 8 KiB): a 256 MiB PUT arrives in 4,096 reads
        // instead of 32,768, 0.41 s instead of 0.50 on tmpfs (bench/registry.sh), with manifest
        // GETs under wrk unchanged. 256 KiB ones made manifest GETs 10-20x slower.
        http.setInputBufferSize(64 << 10);
        http.setRequestHeaderSize(limits.requestHeaderBytes());
        if (config.tls()) {
            // Clients often reach a registry by IP address, which no SNI name matches: do not insist.
            http.addCustomizer(new SecureRequestCustomizer(false));
        }
        connector = config.tls()
                ? new ServerConnector(server, new SslConnectionFactory(sslContext(config), "http/1.1"), new HttpConnectionFactory(http))
                : new ServerConnector(server, new HttpConnectionFactory(http));
        scheme = config.tls() ? "https" : "http";
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        Metrics metrics = new Metrics(registry::writeMetrics);
        Handler api = metrics.handler(new RegistryHandler(registry, new UploadLimits(config.maxUploadSize(), config.maxConcurrentUploads())));
        if (config.readOnly()) {
            api = new ReadOnlyHandler(api);
        }
        if (config.htpasswd() != null) {
            // Counted for all nodes when the metadata is shared (a guesser spreading tries over nodes gets no more).
            dev.gantry.registry.metadata.LoginAttempts attempts = chosen[0].sharedLoginAttempts(
                    dev.gantry.registry.auth.LoginThrottle.DEFAULT_LIMIT, dev.gantry.registry.auth.LoginThrottle.DEFAULT_WINDOW)
                    .orElseGet(dev.gantry.registry.auth.LoginThrottle::defaults);
            api = new BasicAuthHandler(Htpasswd.load(config.htpasswd()), "gantry", attempts, api);
        }
        if (config.tokenAuth() != null) {
            TokenAuthConfig auth = config.tokenAuth();
            TokenVerifier verifier = new TokenVerifier(auth.issuer(), auth.service(), TrustedKeys.load(auth.signingKeys()), Clock.systemUTC());
            api = new TokenAuthHandler(verifier, auth.realm(), auth.service(), api);
        }
        // No minimum body rate: Jetty's MinimumDataRateHandler measures from the request's start and
        // refused podman's chunked PATCH at its first read, before any byte could arrive. A body that
        // stops moving is cut by the idle timeout instead, and the connection cap bounds slow ones.
        server.setHandler(new GracefulHandler(api));
        server.setStopTimeout(config.shutdownGrace().toMillis());
        if (config.accessLog() && accessLog != null) {
            JsonAccessLog log = new JsonAccessLog(accessLog);
            server.setRequestLog((request, response) -> {
                metrics.log(request, response);
                log.log(request, response);
            });
        } else {
            server.setRequestLog(metrics);
        }
    }

    /**
     * The registry's two seams as configured: the storage driver the config names, and the
     * metadata in the configured database (a {@code MetadataStoreProvider} found by its URL) or,
     * without one, in that driver's own tree (the embedded default). Upload slots are counted in
     * the store when it shares them between nodes ({@code SharedUploadSlots}), else in this process.
     */
    private static Registry content(RegistryConfig config, MetadataStore[] chosen) throws IOException {
        StorageDriver driver = StorageDrivers.open(config.storageConfig());
        MetadataStore store;
        if (config.database() != null) {
            store = MetadataStores.open(config.database());
            // Marks the tree as holding no metadata of its own, so gc and scrub refuse it rather than see every blob
            // as unreferenced.
            driver.putContent(StorageLayout.METADATA_IN_DATABASE, (config.database().url() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else {
            store = new TreeMetadataStore(driver);
        }
        chosen[0] = store;
        if (store instanceof SharedUploadSlots shared) {
            return new Registry(driver, store, shared::uploadSlots);
        }
        return new Registry(driver, store, max -> new LocalUploadSlots(max, Clock.systemUTC()));
    }

    private static SslContextFactory.Server sslContext(RegistryConfig config) throws IOException {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(PemKeyStore.load(config.tlsCert(), config.tlsKey()));
        ssl.setKeyStorePassword(new String(PemKeyStore.PASSWORD));
        ssl.setCertAlias(PemKeyStore.ALIAS);
        return ssl;
    }

    /**
     * Binds the port and starts serving; requests are answered on virtual threads from here on.
     *
     * @return this server, for chaining
     * @throws Exception whatever Jetty's start throws, such as an {@link IOException} when the port is taken
     */
    public RegistryServer start() throws Exception {
        server.start();
        if (onlineGc != null) {
            onlineGcWorker = onlineGc.get();
        }
        return this;
    }

    /**
     * The port actually bound (useful with port 0).
     *
     * @return the local port once {@link #start()} has returned; a negative number before that or after
     *         {@link #close()}
     */
    public int port() {
        return connector.getLocalPort();
    }

    /**
     * The URI clients reach this server at, for tests and messages.
     *
     * @return {@code http://HOST:PORT} or {@code https://HOST:PORT}, an IPv6 address in brackets; meaningful once
     *         started
     */
    public URI baseUri() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        return URI.create(scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /**
     * Stops gracefully when the JVM is asked to exit (SIGTERM, Ctrl-C): new connections are
     * refused, requests in flight get up to the configured grace period to finish.
     *
     * @return this server, for chaining
     */
    public RegistryServer stopOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                close();
            } catch (Exception e) {
                System.err.println("gantry: error while stopping the registry: " + e);
            }
        }, "gantry-registry-shutdown"));
        return this;
    }

    /**
     * Waits until the server has stopped, as {@code gantry serve} does after starting it.
     *
     * @throws InterruptedException when the waiting thread is interrupted; the server keeps running
     */
    public void join() throws InterruptedException {
        server.join();
    }

    /**
     * Stops accepting, lets requests in flight finish (up to the grace period), then stops.
     * Declares no InterruptedException (AutoCloseable warns against it): an interrupted stop
     * keeps the thread's interrupt flag.
     */
    @Override
    public void close() throws IOException {
        try {
            server.stop();
            if (onlineGcWorker != null) {
                onlineGcWorker.close();
            }
            if (metadata != null) {
                metadata.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while stopping the registry");
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the registry did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
