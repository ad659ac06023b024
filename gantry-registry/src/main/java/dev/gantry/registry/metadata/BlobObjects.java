package dev.gantry.registry.metadata;

import dev.gantry.digest.Digest;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** The stored objects of blobs, as online garbage collection needs them: to delete, and to walk for orphans. */
public interface BlobObjects {
    /**
     * Deletes a blob's object if it is there.
     *
     * @param digest the blob's digest
     * @return true when there was something to delete
     * @throws IOException when the storage cannot delete it
     */
    boolean deleteIfPresent(Digest digest) throws IOException;

    /**
     * Every blob with an object in the storage.
     *
     * @return their digests
     * @throws IOException when the storage cannot be listed
     */
    List<Digest> all() throws IOException;

    /**
     * Whether the blob's object is there and was last written before {@code cutoff}.
     *
     * @param digest the blob's digest
     * @param cutoff the time
     * @return false when it is younger or gone
     * @throws IOException when the storage cannot be read
     */
    boolean modifiedBefore(Digest digest, Instant cutoff) throws IOException;
}
