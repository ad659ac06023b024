package dev.gantry.registry.content;

import dev.gantry.digest.Digest;
import dev.gantry.registry.storage.PathNotFoundException;
import dev.gantry.registry.storage.StorageDriver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/** The content-addressed blob store shared by every repository. A blob's path is derived only from a validated digest. */
public final class BlobStore implements dev.gantry.registry.metadata.BlobObjects {
    private final StorageDriver driver;
    /** The metadata store's lock around writes of a blob's bytes, when it collects garbage online; else null. */
    private final dev.gantry.registry.metadata.OnlineGarbageCollection guard;

    public BlobStore(StorageDriver driver) {
        this(driver, null);
    }

    /**
     * A blob store whose writes of a blob's bytes go through {@code guard} (a metadata store collecting garbage
     * online), so that a blob condemned by its reviewer is written again rather than taken for present.
     */
    public BlobStore(StorageDriver driver, dev.gantry.registry.metadata.OnlineGarbageCollection guard) {
        this.driver = driver;
        this.guard = guard;
    }

    public OptionalLong size(Digest digest) throws IOException {
        try {
            return OptionalLong.of(driver.size(StorageLayout.blobData(digest)));
        } catch (PathNotFoundException e) {
            return OptionalLong.empty();
        }
    }

    public boolean exists(Digest digest) {
        return driver.exists(StorageLayout.blobData(digest));
    }

    public InputStream open(Digest digest, long offset) throws IOException {
        return driver.reader(StorageLayout.blobData(digest), offset);
    }

    public Optional<Path> localFile(Digest digest) {
        return driver.localFile(StorageLayout.blobData(digest));
    }

    /** Where the driver would send a client to fetch the blob itself (a presigned URL), if anywhere. */
    public Optional<java.net.URI> redirectUrl(Digest digest, String method) throws IOException {
        return driver.redirectUrl(StorageLayout.blobData(digest), method);
    }

    public byte[] read(Digest digest, int limit) throws IOException {
        return driver.getContent(StorageLayout.blobData(digest), limit);
    }

    /** Stores small verified content (a manifest) unless it is already there. */
    public void put(Digest digest, byte[] content) throws IOException {
        guarded(digest, trustExisting -> {
            if (!trustExisting || !exists(digest)) {
                driver.putContent(StorageLayout.blobData(digest), content);
            }
        });
    }

    private void guarded(Digest digest, dev.gantry.registry.metadata.OnlineGarbageCollection.BlobWrite write) throws IOException {
        if (guard == null) {
            write.write(true);
        } else {
            guard.storeBlob(digest, write);
        }
    }

    /** Every blob in the store, by walking /blobs/&lt;alg&gt;/&lt;2 hex&gt;/&lt;hex&gt;. */
    @Override
    public java.util.List<Digest> all() throws IOException {
        java.util.List<Digest> digests = new java.util.ArrayList<>();
        java.util.List<String> algorithms;
        try {
            algorithms = driver.list("/blobs");
        } catch (PathNotFoundException e) {
            return digests;
        }
        for (String algorithm : algorithms) {
            for (String prefix : driver.list("/blobs/" + algorithm)) {
                for (String hex : driver.list("/blobs/" + algorithm + "/" + prefix)) {
                    try {
                        digests.add(Digest.parse(algorithm + ":" + hex));
                    } catch (dev.gantry.error.GantryException e) {
                        // not a blob folder; leave it
                    }
                }
            }
        }
        return digests;
    }

    /** True when the blob's bytes are there and were last written before {@code cutoff}; false when gone meanwhile. */
    @Override
    public boolean modifiedBefore(Digest digest, java.time.Instant cutoff) throws IOException {
        try {
            return modified(digest).isBefore(cutoff);
        } catch (PathNotFoundException e) {
            return false;
        }
    }

    public java.time.Instant modified(Digest digest) throws IOException {
        return driver.modified(StorageLayout.blobData(digest));
    }

    /** Deletes a blob's bytes; only garbage collection calls this, after checking nothing refers to it. */
    public void delete(Digest digest) throws IOException {
        driver.delete(StorageLayout.blobFolder(digest));
    }

    /** Deletes a blob's bytes if they are there: true when there was something to delete. */
    @Override
    public boolean deleteIfPresent(Digest digest) throws IOException {
        try {
            driver.delete(StorageLayout.blobFolder(digest));
            return true;
        } catch (PathNotFoundException e) {
            return false;
        }
    }

    /** True when the blob's folder is there, with or without its data (an interrupted write of older versions leaves none). */
    public boolean folderExists(Digest digest) {
        return driver.exists(StorageLayout.blobFolder(digest));
    }

    /**
     * Takes a blob out of service by moving its folder under {@link StorageLayout#QUARANTINE}, in
     * one rename: from then on it is unknown (404) as if never pushed, so a client can push the
     * good bytes again. Returns where it went.
     */
    public String quarantine(Digest digest, String run) throws IOException {
        String to = StorageLayout.quarantined(run, digest);
        driver.move(StorageLayout.blobFolder(digest), to);
        return to;
    }

    /**
     * Makes a verified, fsynced upload file the blob by renaming it into place; when the blob
     * already exists (another push won the race) the upload is dropped instead.
     */
    public void adopt(String uploadDataPath, Digest digest) throws IOException {
        guarded(digest, trustExisting -> {
            if (trustExisting && exists(digest)) {
                driver.delete(uploadDataPath);
            } else {
                driver.move(uploadDataPath, StorageLayout.blobData(digest));
            }
        });
    }
}
