package dev.gantry.registry.metadata;

import java.time.Duration;
import java.util.Optional;

/**
 * Failed logins counted per client address, and whether a client must wait: what {@code BasicAuthHandler} asks.
 * {@code LoginThrottle} counts in this process's memory; a store shared by several nodes (PostgreSQL) counts for
 * all of them, so a guesser spreading tries over the nodes behind a load balancer gets no more than against one.
 */
public interface LoginAttempts {
    /**
     * How long a client must wait before its next login is looked at, when it has used up its failures.
     *
     * @param client the client's address
     * @return the time left in its window, or empty when it may try
     */
    Optional<Duration> refusedFor(String client);

    /**
     * Counts a failed login.
     *
     * @param client the client's address
     */
    void failed(String client);

    /**
     * Forgets a client's failures after a successful login.
     *
     * @param client the client's address
     */
    void succeeded(String client);
}
