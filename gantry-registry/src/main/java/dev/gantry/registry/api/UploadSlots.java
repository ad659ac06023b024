package dev.gantry.registry.api;

import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Counts the upload sessions open at once and refuses a new one past the limit (429
 * TOOMANYREQUESTS with Retry-After). A session stops counting when it is finished or cancelled,
 * or when it has been idle (no request in progress) for {@link #IDLE}: clients abandon
 * sessions, and an abandoned one must not hold a slot until garbage collection.
 */
final class UploadSlots {
    static final Duration IDLE = Duration.ofMinutes(5);
    static final int RETRY_AFTER_SECONDS = 5;

    private record Slot(Instant lastSeen, int busy) {
    }

    private final int max;
    private final Clock clock;
    private final Map<String, Slot> open = new HashMap<>();

    UploadSlots(int max, Clock clock) {
        this.max = max;
        this.clock = clock;
    }

    /** Takes a slot for a session about to start, or refuses; bind it to the session's id once it exists. */
    synchronized String reserve() {
        if (max == 0) {
            return null;
        }
        Instant now = clock.instant();
        open.values().removeIf(slot -> slot.busy() == 0 && slot.lastSeen().plus(IDLE).isBefore(now));
        if (open.size() >= max) {
            throw new RegistryException(ErrorCode.TOOMANYREQUESTS, "this registry takes at most " + max + " uploads at once and that many are open; retry in a few seconds",
                    Map.of("limit", max));
        }
        String reservation = "reserved-" + UUID.randomUUID();
        open.put(reservation, new Slot(now, 1));
        return reservation;
    }

    /** The reserved slot now belongs to session {@code id}, which stays open after this request. */
    synchronized void bind(String reservation, String id) {
        if (reservation != null && open.remove(reservation) != null) {
            open.put(id, new Slot(clock.instant(), 0));
        }
    }

    /** A request on session {@code id} starts: it counts as busy (never idle) until {@link #leave}. */
    synchronized void enter(String id) {
        open.computeIfPresent(id, (k, slot) -> new Slot(clock.instant(), slot.busy() + 1));
    }

    synchronized void leave(String id) {
        open.computeIfPresent(id, (k, slot) -> new Slot(clock.instant(), Math.max(0, slot.busy() - 1)));
    }

    /** The session (or reservation) finished or was cancelled. */
    synchronized void release(String key) {
        if (key != null) {
            open.remove(key);
        }
    }
}
