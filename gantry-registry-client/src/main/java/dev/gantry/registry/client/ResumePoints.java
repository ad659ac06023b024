package dev.gantry.registry.client;

import dev.gantry.digest.DigestAlgorithm;
import dev.gantry.digest.DigestingInputStream;
import dev.gantry.digest.HashState;

import java.util.ArrayList;
import java.util.List;

/**
 * The running hash of an upload's source, kept every {@link #INTERVAL} bytes, so that an upload
 * cut midway verifies the whole blob without hashing its prefix again: the rest is hashed on top
 * of the last state at or before the registry's offset, and only the bytes between that state and
 * the offset are read from the source once more (fewer than {@code INTERVAL} plus one read). A copy
 * of a SHA-256 state is about a hundred bytes, so a 10 GiB blob keeps under 3,000 of them.
 * Thread-safe: a request's body is read on the HTTP client's threads.
 */
final class ResumePoints {
    static final long INTERVAL = 4L << 20;
    private final List<HashState> states = new ArrayList<>();
    private long next = INTERVAL;

    ResumePoints(DigestAlgorithm algorithm) {
        states.add(HashState.start(algorithm));
    }

    /** Called after each read of an upload's body: keeps its state when it has passed the next interval. */
    synchronized void passed(DigestingInputStream body) {
        if (body.count() >= next) {
            HashState state = body.state();
            states.add(state);
            next = state.count() + INTERVAL;
        }
    }

    /** The last state at or before {@code offset}. */
    synchronized HashState atOrBefore(long offset) {
        HashState best = states.getFirst();
        for (HashState s : states) {
            if (s.count() <= offset && s.count() > best.count()) {
                best = s;
            }
        }
        return best;
    }
}
