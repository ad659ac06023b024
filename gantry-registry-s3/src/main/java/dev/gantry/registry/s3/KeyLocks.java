package dev.gantry.registry.s3;

import java.io.InterruptedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * One writer per object key at a time within this process: a second writer waits until the
 * first is closed. Semaphores, since a writer may be closed by another thread than the one that
 * opened it; an entry lives only while someone holds or waits for it.
 */
final class KeyLocks {
    private static final class Entry {
        final Semaphore permit = new Semaphore(1);
        int users;
    }

    private final Map<String, Entry> entries = new HashMap<>();

    void acquire(String key) throws InterruptedIOException {
        Entry entry;
        synchronized (this) {
            entry = entries.computeIfAbsent(key, k -> new Entry());
            entry.users++;
        }
        try {
            entry.permit.acquire();
        } catch (InterruptedException e) {
            synchronized (this) {
                leave(key, entry);
            }
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to write " + key);
        }
    }

    synchronized void release(String key) {
        Entry entry = entries.get(key);
        if (entry != null) {
            entry.permit.release();
            leave(key, entry);
        }
    }

    private void leave(String key, Entry entry) {
        if (--entry.users == 0) {
            entries.remove(key);
        }
    }
}
