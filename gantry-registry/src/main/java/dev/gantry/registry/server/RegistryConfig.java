package dev.gantry.registry.server;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;

/** How a registry server runs: where it listens, where it stores, how long shutdown waits for requests in flight, who may use it (null htpasswd: anyone). */
public record RegistryConfig(String host, int port, Path dataDir, Duration shutdownGrace, boolean accessLog, Path htpasswd, boolean readOnly) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5000;
    public static final Path DEFAULT_DATA = Path.of("gantry-data");

    public static RegistryConfig defaults() {
        return new RegistryConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_DATA, Duration.ofSeconds(30), true, null, false);
    }

    public RegistryConfig withAddress(String newHost, int newPort) {
        return new RegistryConfig(newHost, newPort, dataDir, shutdownGrace, accessLog, htpasswd, readOnly);
    }

    public RegistryConfig withDataDir(Path newDataDir) {
        return new RegistryConfig(host, port, newDataDir, shutdownGrace, accessLog, htpasswd, readOnly);
    }

    public RegistryConfig withAccessLog(boolean enabled) {
        return new RegistryConfig(host, port, dataDir, shutdownGrace, enabled, htpasswd, readOnly);
    }

    /** How long a stop waits for requests in flight; zero stops at once (tests). */
    public RegistryConfig withShutdownGrace(Duration grace) {
        return new RegistryConfig(host, port, dataDir, grace, accessLog, htpasswd, readOnly);
    }

    /** Requires Basic authentication against this htpasswd file (bcrypt entries). */
    public RegistryConfig withHtpasswd(Path file) {
        return new RegistryConfig(host, port, dataDir, shutdownGrace, accessLog, file, readOnly);
    }

    /** Serves pulls only: every method but GET and HEAD is refused. */
    public RegistryConfig withReadOnly(boolean enabled) {
        return new RegistryConfig(host, port, dataDir, shutdownGrace, accessLog, htpasswd, enabled);
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
