package dev.gantry.registry.content;

import dev.gantry.registry.metadata.LocalUploadSlots;
import dev.gantry.registry.metadata.MetadataStore;
import dev.gantry.registry.metadata.UploadSlots;
import dev.gantry.registry.storage.StorageDriver;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The registry's content over its two seams: a {@link StorageDriver} for bytes (the shared blob
 * store, upload data) and a {@link MetadataStore} for what is recorded about them
 * (repositories, links, tags, referrers, upload sessions). Also the count of open upload
 * sessions ({@link UploadSlots}), which belongs with the metadata when several nodes share it.
 */
public final class Registry {
    private final StorageDriver driver;
    private final MetadataStore metadata;
    private final BlobStore blobs;
    private final Uploads uploads;
    private final IntFunction<UploadSlots> slots;

    /** The embedded default: metadata in the driver's own tree, upload slots counted in this process. */
    public Registry(StorageDriver driver) {
        this(driver, new TreeMetadataStore(driver), max -> new LocalUploadSlots(max, Clock.systemUTC()));
    }

    /**
     * A registry over a driver and a metadata store; {@code slots} makes the upload-slot count for a limit
     * (0: none), once per server.
     */
    public Registry(StorageDriver driver, MetadataStore metadata, IntFunction<UploadSlots> slots) {
        this.driver = driver;
        this.metadata = metadata;
        // A store collecting garbage online guards every write of a blob's bytes against its reviewer.
        this.blobs = new BlobStore(driver, metadata instanceof dev.gantry.registry.metadata.OnlineGarbageCollection online ? online : null);
        this.uploads = new Uploads(driver, metadata, blobs);
        this.slots = slots;
    }

    public BlobStore blobs() {
        return blobs;
    }

    public Uploads uploads() {
        return uploads;
    }

    /** The storage driver the blobs and upload data are in. */
    public StorageDriver driver() {
        return driver;
    }

    public MetadataStore metadata() {
        return metadata;
    }

    /** A count of open upload sessions refusing more than {@code max} (0: no limit), for one server. */
    public UploadSlots uploadSlots(int max) {
        return slots.apply(max);
    }

    /** Free and total bytes of the storage, when the driver can tell. */
    public java.util.Optional<dev.gantry.registry.storage.StorageSpace> space() {
        return driver.space();
    }

    /**
     * Checks that the storage answers, for /healthz.
     *
     * @throws IOException when it does not
     */
    public void checkStorage() throws IOException {
        driver.checkReachable();
    }

    /** The storage driver's and the metadata store's own metrics, in Prometheus text. */
    public void writeMetrics(StringBuilder out) {
        driver.writeMetrics(out);
        metadata.writeMetrics(out);
    }

    /** A repository by name (validated; NAME_INVALID otherwise). It need not exist yet. */
    public Repository repository(String name) {
        return new Repository(name, metadata, blobs);
    }

    /** Every repository name, in catalog order ({@link #catalog(String, int)}). */
    public List<String> catalog() throws IOException {
        return catalog(null, Integer.MAX_VALUE);
    }

    /**
     * Up to {@code limit} repository names after {@code last} that hold blobs or manifests, in
     * distribution's order: lexical with '/' before every other character ("a/b" before "a-c").
     */
    public List<String> catalog(String last, int limit) throws IOException {
        return metadata.repositories(last, limit);
    }

    /** Catalog order: '/' sorts before every character a name may hold. */
    public static int compareNames(String a, String b) {
        return a.replace('/', '\0').compareTo(b.replace('/', '\0'));
    }
}
