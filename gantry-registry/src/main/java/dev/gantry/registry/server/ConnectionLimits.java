package dev.gantry.registry.server;

import java.time.Duration;

/**
 * How much of the server a client can hold, chosen deliberately rather than left to Jetty's
 * defaults. Slow and hostile clients cost no thread (requests are parsed without blocking and
 * served on virtual threads), so what they can take is sockets and buffers: these bound both.
 *
 * @param idleTimeout        a connection with no bytes moving either way this long is closed: idle
 *                           keep-alive connections, a client that stopped reading a blob halfway, a
 *                           slowloris client between its bytes
 * @param maxConnections     open connections at most; past it the server stops accepting until some
 *                           close (the kernel's backlog holds the rest), so thousands of idle or slow
 *                           clients cannot grow the heap without bound
 * @param requestHeaderBytes the largest request line plus headers: bearer tokens with an x5c
 *                           certificate chain run to several KiB, so more than Jetty's 8 KiB
 */
public record ConnectionLimits(Duration idleTimeout, int maxConnections, int requestHeaderBytes) {
    /** The limits {@code gantry serve} runs with. */
    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(Duration.ofSeconds(30), 10_000, 64 << 10);

    /**
     * Checks the limits.
     *
     * @throws IllegalArgumentException when a limit is not positive
     */
    public ConnectionLimits {
        if (idleTimeout.isNegative() || idleTimeout.isZero() || maxConnections < 1 || requestHeaderBytes < 1024) {
            throw new IllegalArgumentException("connection limits must be positive (header size >= 1 KiB): " + idleTimeout + ", "
                    + maxConnections + ", " + requestHeaderBytes);
        }
    }

    /**
     * These limits with another idle timeout.
     *
     * @param timeout the new idle timeout
     * @return a copy with {@code idleTimeout} replaced
     */
    public ConnectionLimits withIdleTimeout(Duration timeout) {
        return new ConnectionLimits(timeout, maxConnections, requestHeaderBytes);
    }
}
