package dev.gantry.registry.metadata;

import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@link UploadSlots} counted in this process's memory: each node of several counts its own
 * sessions. A session idle for {@link #IDLE} stops counting.
 */
public final class LocalUploadSlots implements UploadSlots {
    /** How long a session with no request in progress keeps its slot. */
    public static final Duration IDLE = Duration.ofMinutes(5);

    private record Slot(Instant lastSeen, int busy) {
    }

    private final int max;
    private final Clock clock;
    private final Map<String, Slot> open = new HashMap<>();

    /**
     * A count refusing more than {@code max} sessions at once.
     *
     * @param max   the most sessions open at once; 0 for no limit
     * @param clock the time idle sessions are measured against
     */
    public LocalUploadSlots(int max, Clock clock) {
        this.max = max;
        this.clock = clock;
    }

    @Override
    public synchronized String reserve() {
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

    @Override
    public synchronized void bind(String reservation, String id) {
        if (reservation != null && open.remove(reservation) != null) {
            open.put(id, new Slot(clock.instant(), 0));
        }
    }

    @Override
    public synchronized void enter(String id) {
        open.computeIfPresent(id, (k, slot) -> new Slot(clock.instant(), slot.busy() + 1));
    }

    @Override
    public synchronized void leave(String id) {
        open.computeIfPresent(id, (k, slot) -> new Slot(clock.instant(), Math.max(0, slot.busy() - 1)));
    }

    @Override
    public synchronized void release(String key) {
        if (key != null) {
            open.remove(key);
        }
    }
}
