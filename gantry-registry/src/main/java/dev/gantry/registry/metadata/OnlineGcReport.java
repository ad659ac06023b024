package dev.gantry.registry.metadata;

/**
 * What an online garbage-collection pass did ({@link OnlineGarbageCollection#review}).
 *
 * @param reviewed         review tasks taken and closed
 * @param manifestsDeleted manifests deleted from their repository
 * @param blobsDeleted     blobs condemned (rows marked for deletion, their links removed)
 * @param objectsDeleted   storage objects deleted (condemned blobs and, in a sweep, orphans)
 * @param failures         tasks or objects that failed and stay for a later pass
 */
public record OnlineGcReport(int reviewed, int manifestsDeleted, int blobsDeleted, int objectsDeleted, int failures) {
    /** Nothing done. */
    public static final OnlineGcReport NONE = new OnlineGcReport(0, 0, 0, 0, 0);

    /**
     * The sum of two reports.
     *
     * @param other another pass
     * @return both added up
     */
    public OnlineGcReport plus(OnlineGcReport other) {
        return new OnlineGcReport(reviewed + other.reviewed, manifestsDeleted + other.manifestsDeleted, blobsDeleted + other.blobsDeleted,
                objectsDeleted + other.objectsDeleted, failures + other.failures);
    }

    /**
     * Whether the pass did anything worth a log line.
     *
     * @return true when it deleted something or something failed
     */
    public boolean eventful() {
        return manifestsDeleted + blobsDeleted + objectsDeleted + failures > 0;
    }
}
