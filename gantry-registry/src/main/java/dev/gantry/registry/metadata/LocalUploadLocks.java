package dev.gantry.registry.metadata;

import java.io.InterruptedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Upload locks within one JVM: a second request on a session waits for the first. Enough where
 * nothing else shares the sessions (the embedded store); a database-backed store adds a lock
 * every node sees on top. One table per JVM, shared by every registry in it (tests run two
 * "nodes" in one JVM over one storage). Semaphores, since a lock may be released by another
 * thread than the one that took it; an entry lives only while someone holds or waits for it.
 */
public final class LocalUploadLocks {
    /** The JVM's table. */
    public static final LocalUploadLocks JVM = new LocalUploadLocks();

    private static final class Entry {
        final Semaphore permit = new Semaphore(1);
        int users;
    }

    private final Map<String, Entry> entries = new HashMap<>();

    /** A table of its own: for a test standing in for another node's JVM. */
    public LocalUploadLocks() {
    }

    /**
     * Waits for the session to be free and takes it.
     *
     * @param id the upload session's id
     * @return the lock, which the caller closes
     * @throws InterruptedIOException when the wait is interrupted
     */
    public UploadLock lock(String id) throws InterruptedIOException {
        Entry entry;
        synchronized (this) {
            entry = entries.computeIfAbsent(id, k -> new Entry());
            entry.users++;
        }
        try {
            entry.permit.acquire();
        } catch (InterruptedException e) {
            synchronized (this) {
                leave(id, entry);
            }
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for upload " + id);
        }
        return new UploadLock() {
            private boolean released;

            @Override
            public void close() {
                synchronized (LocalUploadLocks.this) {
                    if (!released) {
                        released = true;
                        entry.permit.release();
                        leave(id, entry);
                    }
                }
            }
        };
    }

    private void leave(String id, Entry entry) {
        if (--entry.users == 0) {
            entries.remove(id);
        }
    }
}
