package dev.gantry.registry.gc;

import dev.gantry.digest.Digest;
import dev.gantry.error.GantryException;
import dev.gantry.error.InvalidInputException;
import dev.gantry.oci.Descriptor;
import dev.gantry.registry.content.Registry;
import dev.gantry.registry.content.StorageLayout;
import dev.gantry.registry.content.Repository;
import dev.gantry.registry.content.StoredManifest;
import dev.gantry.registry.storage.StorageDriver;
import dev.gantry.registry.errors.RegistryException;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Mark and sweep. Roots are every tag; from each manifest the mark follows its config, layers,
 * index children and referrers (manifests whose subject it is). Untagged manifests that nothing
 * reaches are removed from their repository, then blobs no live manifest needs are deleted from
 * the shared store, with the repository links to them.
 *
 * <p>Safe beside running pushes through a grace period: anything written more recently than
 * {@code grace} is a root (manifests) or kept (blobs, and blobs linked into a repository within
 * it), since a client pushes blobs first and the manifest that names them afterwards. Upload
 * sessions that received nothing for {@link #UPLOAD_EXPIRY} are cancelled.
 */
public final class GarbageCollector {
    /** Abandoned upload sessions are purged after this long without a byte, as distribution does (168h). */
    public static final Duration UPLOAD_EXPIRY = Duration.ofDays(7);

    private final Registry registry;
    private final Duration grace;
    private final Clock clock;

    /**
     * What a run removed (or, dry, would remove).
     *
     * @param dryRun    true when nothing was removed and the lists say what would have been
     * @param manifests the manifests removed from their repository, as {@code name@digest}
     * @param blobs     the blobs deleted from the shared store
     * @param bytes     the stored size of those blobs, in bytes
     * @param uploads   the upload sessions cancelled, as {@code name/id}
     */
    public record Report(boolean dryRun, List<String> manifests, List<Digest> blobs, long bytes, List<String> uploads) {
    }

    /**
     * A collector for the registry kept by one storage driver (the one {@code gantry serve} runs on).
     *
     * @param storage the registry's storage, the same driver the server uses
     * @param grace   how recent a write must be to protect what it wrote (the {@code --grace} of {@code gantry gc});
     *                longer than any push takes
     * @param clock   the time the grace period and the upload expiry are measured from
     * @return a collector; {@link #run(boolean)} does the work
     * @throws InvalidInputException when a server keeps this storage's metadata in a database
     */
    public static GarbageCollector forStorage(StorageDriver storage, Duration grace, Clock clock) {
        if (storage.exists(StorageLayout.METADATA_IN_DATABASE)) {
            throw new InvalidInputException("this registry's metadata is in a database (" + StorageLayout.METADATA_IN_DATABASE
                    + " in the storage says so): gc reads the storage tree only and would take every blob for garbage; "
                    + "with a database, garbage is collected online by gantry serve, or in one pass by gantry gc --config FILE");
        }
        return new GarbageCollector(new Registry(storage), grace, clock);
    }

    /** A collector over the registry's content, which is module-internal: callers outside use {@link #forStorage}. */
    GarbageCollector(Registry registry, Duration grace, Clock clock) {
        this.registry = registry;
        this.grace = grace;
        this.clock = clock;
    }

    /**
     * Marks and sweeps once: unreached manifests are removed first, then idle upload sessions, then blobs, then the
     * repository links to the deleted blobs. A manifest that cannot be read is kept, but protects nothing it names.
     *
     * @param dryRun true to remove nothing and only report what would go
     * @return what was removed, or would be
     * @throws IOException when the storage cannot be read or changed; what was removed before stays removed
     */
    public Report run(boolean dryRun) throws IOException {
        Instant cutoff = clock.instant().minus(grace);
        Set<Digest> liveBlobs = new HashSet<>();
        List<String> removedManifests = new ArrayList<>();
        List<Repository> repositories = new ArrayList<>();
        for (String name : registry.catalog()) {
            Repository repository = registry.repository(name);
            repositories.add(repository);
            Set<Digest> live = mark(repository, cutoff, liveBlobs);
            for (Digest digest : repository.manifestDigests()) {
                if (!live.contains(digest)) {
                    removedManifests.add(name + "@" + digest);
                    if (!dryRun) {
                        repository.deleteManifest(digest.toString());
                    }
                }
            }
            for (Digest digest : repository.blobDigests()) {
                if (repository.blobLinkedAt(digest).isAfter(cutoff)) {
                    liveBlobs.add(digest);
                }
            }
        }
        List<String> removedUploads = new ArrayList<>();
        Instant uploadCutoff = clock.instant().minus(UPLOAD_EXPIRY);
        for (Repository repository : repositories) {
            for (String id : registry.uploads().sessions(repository.name())) {
                if (registry.uploads().lastWritten(repository.name(), id).isBefore(uploadCutoff)) {
                    removedUploads.add(repository.name() + "/" + id);
                    if (!dryRun) {
                        registry.uploads().cancel(repository.name(), id);
                    }
                }
            }
        }
        List<Digest> removedBlobs = new ArrayList<>();
        long bytes = 0;
        for (Digest digest : registry.blobs().all()) {
            if (liveBlobs.contains(digest) || registry.blobs().modified(digest).isAfter(cutoff)) {
                continue;
            }
            removedBlobs.add(digest);
            bytes += registry.blobs().size(digest).orElse(0);
            if (!dryRun) {
                registry.blobs().delete(digest);
            }
        }
        if (!dryRun) {
            Set<Digest> gone = new HashSet<>(removedBlobs);
            for (Repository repository : repositories) {
                for (Digest digest : repository.blobDigests()) {
                    if (gone.contains(digest)) {
                        repository.unlinkBlob(digest);
                    }
                }
            }
        }
        return new Report(dryRun, removedManifests, removedBlobs, bytes, removedUploads);
    }

    /** The manifests of one repository that stay, adding every blob they need to {@code liveBlobs}. */
    private static Set<Digest> mark(Repository repository, Instant cutoff, Set<Digest> liveBlobs) throws IOException {
        Deque<Digest> todo = new ArrayDeque<>();
        for (String tag : repository.tags()) {
            try {
                todo.add(repository.manifest(tag).digest());
            } catch (RegistryException e) {
                // a tag whose manifest is gone protects nothing
            }
        }
        for (Digest digest : repository.manifestDigests()) {
            if (repository.manifestLinkedAt(digest).isAfter(cutoff)) {
                todo.add(digest);
            }
        }
        Set<Digest> live = new HashSet<>();
        while (!todo.isEmpty()) {
            Digest digest = todo.pop();
            if (!live.add(digest) || !repository.hasManifest(digest)) {
                continue;
            }
            liveBlobs.add(digest);
            try {
                StoredManifest stored = repository.manifest(digest.toString());
                for (Descriptor d : Repository.references(stored)) {
                    liveBlobs.add(d.digest());
                    if (dev.gantry.oci.MediaTypes.isManifest(d.mediaType())) {
                        todo.add(d.digest());
                    }
                }
            } catch (GantryException e) {
                // unreadable manifest: keep it (it is live) but it can protect nothing
            }
            for (Descriptor referrer : repository.referrers(digest, null)) {
                todo.add(referrer.digest());
            }
        }
        return live;
    }
}
