package dev.gantry.registry.gc;

import dev.gantry.error.InvalidInputException;
import dev.gantry.registry.content.BlobStore;
import dev.gantry.registry.metadata.DatabaseConfig;
import dev.gantry.registry.metadata.MetadataStore;
import dev.gantry.registry.metadata.MetadataStores;
import dev.gantry.registry.metadata.OnlineGarbageCollection;
import dev.gantry.registry.metadata.OnlineGcReport;
import dev.gantry.registry.storage.StorageConfig;
import dev.gantry.registry.storage.StorageDriver;
import dev.gantry.registry.storage.StorageDrivers;

import java.io.IOException;
import java.time.Duration;

/**
 * One online collection from the command line ({@code gantry gc --config FILE}), beside running
 * nodes or instead of their workers: passes until nothing more is due, then, when asked, a sweep
 * of storage objects the database does not hold (left by a crash between writing and recording).
 */
public final class OnlineGcRun {
    private OnlineGcRun() {
    }

    /**
     * Collects the garbage of the registry whose storage and database these are.
     *
     * @param storage     the registry's storage
     * @param database    the registry's metadata database
     * @param reviewDelay how long after its last event a candidate may go
     * @param orphans     also walk the storage for objects the database does not hold
     * @return what was done
     * @throws IOException when the storage or the database cannot be used
     * @throws InvalidInputException when the database's store cannot collect online
     */
    public static OnlineGcReport run(StorageConfig storage, DatabaseConfig database, Duration reviewDelay, boolean orphans) throws IOException {
        StorageDriver driver = StorageDrivers.open(storage);
        MetadataStore store = MetadataStores.open(database);
        try {
            if (!(store instanceof OnlineGarbageCollection online)) {
                throw new InvalidInputException("the metadata store for " + database.url() + " does not collect garbage online");
            }
            BlobStore blobs = new BlobStore(driver, online);
            OnlineGcReport total = OnlineGcReport.NONE;
            while (true) {
                OnlineGcReport pass = online.review(blobs, reviewDelay, OnlineGcWorker.TASKS_PER_PASS);
                total = total.plus(pass);
                // Done when a pass found nothing due and no condemned object left (a task that keeps failing makes the pass throw).
                if (pass.reviewed() == 0 && pass.objectsDeleted() == 0) {
                    break;
                }
            }
            return orphans ? total.plus(online.sweepOrphans(blobs, reviewDelay)) : total;
        } finally {
            if (store instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // the work is done; a pool that does not close cleanly changes nothing for it
                }
            }
        }
    }
}
