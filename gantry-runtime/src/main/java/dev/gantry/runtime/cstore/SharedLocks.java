package dev.gantry.runtime.cstore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Shared holds on a lock file counted within this process. fcntl locks belong to the process, and
 * the JDK refuses a second lock on a region this JVM already holds, so the layer streams a copy
 * reads in parallel share one lock, taken by the first and released by the last.
 */
final class SharedLocks {
    private static final Map<Path, Held> HELD = new HashMap<>();

    private static final class Held {
        final LockFile lock;
        int count;

        Held(LockFile lock) {
            this.lock = lock;
        }
    }

    private SharedLocks() {
    }

    /** Holds {@code path} shared until the returned handle is closed (waiting while a writer holds it). */
    static AutoCloseableLock acquire(Path path) throws IOException {
        Path key = path.toAbsolutePath().normalize();
        synchronized (HELD) {
            Held held = HELD.get(key);
            if (held == null) {
                held = new Held(LockFile.acquire(key, false));
                HELD.put(key, held);
            }
            held.count++;
        }
        return () -> release(key);
    }

    private static void release(Path key) throws IOException {
        synchronized (HELD) {
            Held held = HELD.get(key);
            if (held != null && --held.count == 0) {
                HELD.remove(key);
                held.lock.close();
            }
        }
    }

    /** A hold, released once by {@link #close()}. */
    interface AutoCloseableLock extends AutoCloseable {
        @Override
        void close() throws IOException;
    }
}
