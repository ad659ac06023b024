package dev.gantry.registry.client.http;

import java.time.Duration;

/**
 * How {@link HttpTransport} waits between attempts. Production sleeps; a test records the wait a
 * server's Retry-After asked for instead of spending it, so it can assert the exact duration.
 */
@FunctionalInterface
interface Sleeper {
    Sleeper SYSTEM = Thread::sleep;

    void sleep(Duration duration) throws InterruptedException;
}
