package dev.gantry.registry.storage;

import java.io.InterruptedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * One writer per storage path at a time within this process: a second writer for the same path
 * waits until the first is closed. Semaphores rather than locks, as a writer may be closed by
 * another thread than the one that opened it; an entry lives only while someone holds or waits
 * for it, so the map does not grow with every upload ever made.
 */
final class WriterLocks {
    private static final class Entry {
        final Semaphore permit = new Semaphore(1);
        int users;
    }

    private final Map<String, Entry> entries = new HashMap<>();

    void acquire(String path) throws InterruptedIOException {
        Entry entry;
        synchronized (this) {
            entry = entries.computeIfAbsent(path, k -> new Entry());
            entry.users++;
        }
        try {
            entry.permit.acquire();
        } catch (InterruptedException e) {
            synchronized (this) {
                leave(path, entry);
            }
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to write " + path);
        }
    }

    synchronized void release(String path) {
        Entry entry = entries.get(path);
        if (entry != null) {
            entry.permit.release();
            leave(path, entry);
        }
    }

    private void leave(String path, Entry entry) {
        if (--entry.users == 0) {
            entries.remove(path);
        }
    }
}
