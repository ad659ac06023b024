package dev.gantry.registry.metadata;

import java.time.Duration;

/**
 * The online garbage collector a {@code gantry serve} node runs when its metadata is in a database, as
 * {@code "database": {"gc": {"enabled": true, "interval": "PT1M", "reviewDelay": "PT24H"}}} gives it.
 *
 * @param enabled     whether this node runs a reviewer (several nodes may; each task goes to one)
 * @param interval    the pause between passes
 * @param reviewDelay how long after a candidate's last event (push, link, untag, delete) it may be deleted: the grace
 *                    a client has between uploading blobs and pushing the manifest that names them
 */
public record OnlineGcConfig(boolean enabled, Duration interval, Duration reviewDelay) {
    /** On, a pass a minute, a day's grace (GitLab's registry waits a day too). */
    public static final OnlineGcConfig DEFAULTS = new OnlineGcConfig(true, Duration.ofMinutes(1), Duration.ofHours(24));

    /**
     * Checks the durations.
     *
     * @throws IllegalArgumentException when the interval is not positive or the delay is negative
     */
    public OnlineGcConfig {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the gc interval must be positive, not " + interval);
        }
        if (reviewDelay == null || reviewDelay.isNegative()) {
            throw new IllegalArgumentException("the gc review delay must not be negative, not " + reviewDelay);
        }
    }
}
