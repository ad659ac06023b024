package dev.gantry.registry.gc;

import dev.gantry.registry.metadata.BlobObjects;
import dev.gantry.registry.metadata.OnlineGarbageCollection;
import dev.gantry.registry.metadata.OnlineGcConfig;
import dev.gantry.registry.metadata.OnlineGcReport;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The online garbage collector a {@code gantry serve} node runs beside its requests when its
 * metadata is in a database: a pass every {@link OnlineGcConfig#interval()}, each reviewing what
 * is due ({@link OnlineGarbageCollection#review}). Several nodes may each run one; the database
 * hands every task to one of them. A failed pass (database unreachable) is logged and the next
 * one tries again.
 */
public final class OnlineGcWorker implements AutoCloseable {
    /** Tasks per pass at most, so one pass never holds the node's attention for long. */
    static final int TASKS_PER_PASS = 10_000;

    private static final System.Logger LOG = System.getLogger("dev.gantry.registry.gc");

    private final OnlineGarbageCollection collector;
    private final BlobObjects blobs;
    private final OnlineGcConfig config;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    /**
     * Starts the worker on a virtual thread.
     *
     * @param collector the metadata store
     * @param blobs     where condemned blobs' objects are deleted
     * @param config    interval and review delay
     * @return the running worker; {@link #close()} stops it
     */
    public static OnlineGcWorker start(OnlineGarbageCollection collector, BlobObjects blobs, OnlineGcConfig config) {
        return new OnlineGcWorker(collector, blobs, config);
    }

    private OnlineGcWorker(OnlineGarbageCollection collector, BlobObjects blobs, OnlineGcConfig config) {
        this.collector = collector;
        this.blobs = blobs;
        this.config = config;
        this.thread = Thread.ofVirtual().name("gantry-online-gc").start(this::loop);
    }

    private void loop() {
        try {
            while (!stop.await(config.interval().toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    OnlineGcReport report = collector.review(blobs, config.reviewDelay(), TASKS_PER_PASS);
                    if (report.eventful()) {
                        LOG.log(System.Logger.Level.INFO, "online gc: reviewed {0}, deleted {1} manifest(s), {2} blob(s), {3} object(s); {4} failure(s)",
                                report.reviewed(), report.manifestsDeleted(), report.blobsDeleted(), report.objectsDeleted(), report.failures());
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "online gc: pass failed, trying again in " + config.interval() + ": " + e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the worker, letting a pass in progress finish its current task; an interrupted wait keeps the interrupt flag. */
    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
