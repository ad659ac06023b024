package dev.gantry.registry.auth;

import dev.gantry.registry.metadata.LoginAttempts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Password guessing, slowed to a crawl: a client address with {@code limit} failed logins within
 * {@code window} of its first one is refused outright (429) until that window has passed, right
 * password or not, so an online guesser gets {@code limit} tries a window instead of thousands a
 * second. A success clears the address. Only failures count: Docker clients' first,
 * credential-less request (to learn the challenge) is not one. At most {@value #MAX_CLIENTS}
 * addresses are remembered (the least recently seen forgotten first), so a flood of spoofed
 * addresses cannot grow the heap.
 */
public final class LoginThrottle implements LoginAttempts {
    /** Failed logins a client address may make within a window before it is refused. */
    public static final int DEFAULT_LIMIT = 10;
    /** The window a client address's failures are counted in, from its first failure. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    private static final int MAX_CLIENTS = 10_000;

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Failures> clients = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    private record Failures(Instant since, int count) {
    }

    /**
     * A throttle.
     *
     * @param limit  failed logins allowed per client address and window; at least 1
     * @param window how long failures are counted from a client's first one
     * @param clock  the time windows are measured by
     */
    public LoginThrottle(int limit, Duration window, Clock clock) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a login throttle needs a limit >= 1 and a positive window");
        }
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /**
     * The default throttle: {@value #DEFAULT_LIMIT} failures a minute per client address, on the system clock.
     *
     * @return a new throttle
     */
    public static LoginThrottle defaults() {
        return new LoginThrottle(DEFAULT_LIMIT, DEFAULT_WINDOW, Clock.systemUTC());
    }

    /**
     * How long a client must wait before its next login is looked at, when it has used up its failures.
     *
     * @param client the client's address
     * @return the time left in its window, or empty when it may try
     */
    @Override
    public synchronized Optional<Duration> refusedFor(String client) {
        Failures failures = current(client);
        if (failures == null || failures.count() < limit) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(clock.instant(), failures.since().plus(window)));
    }

    /**
     * Counts a failed login.
     *
     * @param client the client's address
     */
    @Override
    public synchronized void failed(String client) {
        Failures failures = current(client);
        clients.put(client, failures == null ? new Failures(clock.instant(), 1) : new Failures(failures.since(), failures.count() + 1));
    }

    /**
     * Forgets a client's failures after a successful login.
     *
     * @param client the client's address
     */
    @Override
    public synchronized void succeeded(String client) {
        clients.remove(client);
    }

    private Failures current(String client) {
        Failures failures = clients.get(client);
        if (failures != null && !clock.instant().isBefore(failures.since().plus(window))) {
            clients.remove(client);
            return null;
        }
        return failures;
    }
}
