package dev.gantry.registry.scrub;

import dev.gantry.digest.Digest;
import dev.gantry.error.GantryException;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageManifest;
import dev.gantry.oci.Manifests;
import dev.gantry.oci.MediaTypes;
import dev.gantry.oci.ParsedManifest;
import dev.gantry.registry.content.Registry;
import dev.gantry.registry.content.Repository;
import dev.gantry.registry.content.StorageLayout;
import dev.gantry.registry.content.StoredManifest;
import dev.gantry.registry.errors.RegistryException;
import dev.gantry.registry.storage.PathNotFoundException;
import dev.gantry.registry.storage.StorageDriver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a store the way a pull would meet it: every blob is re-hashed (streamed, 1 MiB at a
 * time), every manifest's config, layers, index children and subject are looked up, every tag's
 * and referrer entry's manifest, every blob link's blob. Problem kinds:
 * <ul>
 * <li>{@value #BLOB_CORRUPT}: the bytes do not hash to the blob's digest;
 * <li>{@value #BLOB_UNREADABLE}: reading failed, or the blob folder has no data file;
 * <li>{@value #MANIFEST_MISSING}: a manifest the repository lists whose bytes or revision link are gone;
 * <li>{@value #MANIFEST_CORRUPT}: a manifest whose bytes are a corrupt blob;
 * <li>{@value #MANIFEST_INVALID}: stored bytes that no longer parse as the media type stored with them;
 * <li>{@value #MANIFEST_REFERENCE}: a config, layer or index child that is missing, not linked into
 * the repository, corrupt, or of another size than the manifest says;
 * <li>{@value #TAG_BROKEN}: a tag without a readable link; {@value #TAG_DANGLING}: a tag naming a
 * manifest the repository does not hold;
 * <li>{@value #LINK_DANGLING}: a blob linked into a repository that the blob store lacks;
 * <li>{@value #REFERRER_DANGLING}: a referrers entry for a manifest the repository does not hold.
 * </ul>
 * A missing subject is a note ({@value #SUBJECT_ABSENT}), not a problem: the spec lets a
 * referrer be pushed before its subject.
 *
 * <p>Read-only unless asked to quarantine, and then it only renames: corrupt and unreadable
 * blobs move, folder and all, to {@code /_quarantine/<run>/}, so the registry answers 404 for
 * them (never the bad bytes) and a client can push them again. The registry takes no lock on
 * its store, so a scrub may run beside a live server: it sees every object whole (objects
 * appear by rename), though a push or gc between its listing and its reading can make it
 * report something that is gone a moment later; a second run tells.
 */
public final class Scrubber {
    public static final String BLOB_CORRUPT = "blob-corrupt";
    public static final String BLOB_UNREADABLE = "blob-unreadable";
    public static final String MANIFEST_MISSING = "manifest-missing";
    public static final String MANIFEST_CORRUPT = "manifest-corrupt";
    public static final String MANIFEST_INVALID = "manifest-invalid";
    public static final String MANIFEST_REFERENCE = "manifest-reference";
    public static final String TAG_BROKEN = "tag-broken";
    public static final String TAG_DANGLING = "tag-dangling";
    public static final String LINK_DANGLING = "link-dangling";
    public static final String REFERRER_DANGLING = "referrer-dangling";
    public static final String SUBJECT_ABSENT = "subject-absent";

    private static final int BUFFER = 1 << 20;
    private static final int LINK_LIMIT = 1024;
    private static final DateTimeFormatter RUN_NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final StorageDriver driver;
    private final Registry registry;
    private final Clock clock;

    public Scrubber(StorageDriver driver, Clock clock) {
        this.driver = driver;
        this.registry = new Registry(driver);
        this.clock = clock;
    }

    /** How a blob looked to this run. */
    private enum BlobState { GOOD, CORRUPT, UNREADABLE }

    /** The state of one run: what blobs were found and what is wrong so far. */
    private final class Run {
        final boolean quarantine;
        final Map<Digest, BlobState> blobs = new HashMap<>();
        final Map<Digest, Long> sizes = new HashMap<>();
        final List<ScrubProblem> problems = new ArrayList<>();
        final List<ScrubProblem> notes = new ArrayList<>();
        String quarantineRun;
        long bytes;
        int repositories;
        int manifests;
        int tags;

        Run(boolean quarantine) {
            this.quarantine = quarantine;
        }

        /** The blob is in the store (corrupt or not: a corrupt one is reported once, as itself). */
        BlobState state(Digest digest) {
            return blobs.get(digest);
        }
    }

    public ScrubReport run(boolean quarantine) throws IOException {
        if (driver.exists(StorageLayout.METADATA_IN_DATABASE)) {
            throw new dev.gantry.error.InvalidInputException("this registry's metadata is in a database (" + StorageLayout.METADATA_IN_DATABASE
                    + " in the storage says so): scrub reads the storage tree only; scrubbing with a database is not built yet");
        }
        Run run = new Run(quarantine);
        for (Digest digest : registry.blobs().all()) {
            checkBlob(run, digest);
        }
        for (String name : registry.catalog()) {
            checkRepository(run, registry.repository(name));
        }
        return new ScrubReport(run.blobs.size(), run.bytes, run.repositories, run.manifests, run.tags,
                List.copyOf(run.problems), List.copyOf(run.notes),
                run.quarantineRun == null ? null : StorageLayout.QUARANTINE + "/" + run.quarantineRun);
    }

    // ---- blobs

    private void checkBlob(Run run, Digest digest) throws IOException {
        MessageDigest hasher = digest.algorithm().newHasher();
        long size = 0;
        ScrubProblem problem;
        try (InputStream in = registry.blobs().open(digest, 0)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) > 0; ) {
                hasher.update(buffer, 0, n);
                size += n;
            }
            Digest actual = new Digest(digest.algorithm(), HexFormat.of().formatHex(hasher.digest()));
            if (actual.equals(digest)) {
                run.blobs.put(digest, BlobState.GOOD);
                run.sizes.put(digest, size);
                run.bytes += size;
                return;
            }
            run.blobs.put(digest, BlobState.CORRUPT);
            problem = new ScrubProblem(BLOB_CORRUPT, null, digest.toString(), "its " + size + " bytes hash to " + actual);
        } catch (PathNotFoundException e) {
            if (!registry.blobs().folderExists(digest)) {
                return; // deleted (gc) since the listing
            }
            run.blobs.put(digest, BlobState.UNREADABLE);
            problem = new ScrubProblem(BLOB_UNREADABLE, null, digest.toString(), "its folder holds no data file (an interrupted write)");
        } catch (IOException e) {
            run.blobs.put(digest, BlobState.UNREADABLE);
            problem = new ScrubProblem(BLOB_UNREADABLE, null, digest.toString(), "reading it failed after " + size + " bytes: " + e.getMessage());
        }
        if (run.quarantine) {
            if (run.quarantineRun == null) {
                run.quarantineRun = quarantineRunName();
            }
            problem = problem.quarantined(registry.blobs().quarantine(digest, run.quarantineRun));
        }
        run.problems.add(problem);
    }

    /** The time of the run, made unique if an earlier run in the same second used it. */
    private String quarantineRunName() {
        String base = RUN_NAME.format(clock.instant());
        String name = base;
        for (int i = 2; driver.exists(StorageLayout.QUARANTINE + "/" + name); i++) {
            name = base + "-" + i;
        }
        return name;
    }

    // ---- repositories

    private void checkRepository(Run run, Repository repository) throws IOException {
        run.repositories++;
        String name = repository.name();
        Set<Digest> held = new HashSet<>();
        List<Digest> listed = repository.manifestDigests();
        for (Digest digest : listed) {
            run.manifests++;
            if (!driver.exists(StorageLayout.revisionLink(name, digest))) {
                run.problems.add(new ScrubProblem(MANIFEST_MISSING, name, digest.toString(),
                        "its revision folder has no link (an interrupted write)"));
            } else if (run.state(digest) == null) {
                run.problems.add(new ScrubProblem(MANIFEST_MISSING, name, digest.toString(),
                        "it is linked into the repository but its bytes are not in the blob store"));
            } else {
                held.add(digest);
            }
        }
        for (Digest digest : listed) {
            if (held.contains(digest)) {
                checkManifest(run, repository, digest, held);
            }
        }
        for (String tag : repository.tags()) {
            run.tags++;
            checkTag(run, name, tag, held);
        }
        for (Digest digest : repository.blobDigests()) {
            if (!driver.exists(StorageLayout.layerLink(name, digest))) {
                run.problems.add(new ScrubProblem(LINK_DANGLING, name, digest.toString(), "its blob link folder has no link (an interrupted write)"));
            } else if (run.state(digest) == null) {
                run.problems.add(new ScrubProblem(LINK_DANGLING, name, digest.toString(),
                        "the blob is linked into the repository but not in the blob store"));
            }
        }
        checkReferrers(run, name, held);
    }

    private void checkManifest(Run run, Repository repository, Digest digest, Set<Digest> held) throws IOException {
        String name = repository.name();
        if (run.state(digest) != BlobState.GOOD) {
            run.problems.add(new ScrubProblem(MANIFEST_CORRUPT, name, digest.toString(), "its bytes are "
                    + (run.state(digest) == BlobState.CORRUPT ? "corrupt" : "unreadable") + " (see " + digest + " above)"));
            return;
        }
        ParsedManifest parsed;
        try {
            StoredManifest stored = repository.manifest(digest.toString());
            parsed = Manifests.parse(stored.content(), stored.mediaType(), "manifest " + digest);
        } catch (RegistryException | PathNotFoundException e) {
            return; // removed since it was listed
        } catch (GantryException e) {
            run.problems.add(new ScrubProblem(MANIFEST_INVALID, name, digest.toString(), e.getMessage()));
            return;
        }
        Descriptor subject;
        if (parsed.isIndex()) {
            for (Descriptor child : parsed.index().manifests()) {
                if (!held.contains(child.digest())) {
                    run.problems.add(new ScrubProblem(MANIFEST_REFERENCE, name, digest.toString(),
                            "index child " + child.digest() + " is not a manifest in this repository"));
                }
            }
            subject = parsed.index().subject();
        } else {
            ImageManifest manifest = parsed.manifest();
            checkBlobReference(run, name, digest, "config", manifest.config());
            for (Descriptor layer : manifest.layers()) {
                boolean foreign = MediaTypes.isNonDistributable(layer.mediaType()) && layer.urls() != null && !layer.urls().isEmpty();
                if (!foreign) {
                    checkBlobReference(run, name, digest, "layer", layer);
                }
            }
            subject = manifest.subject();
        }
        if (subject != null && !held.contains(subject.digest())) {
            run.notes.add(new ScrubProblem(SUBJECT_ABSENT, name, digest.toString(), "its subject " + subject.digest()
                    + " is not in this repository (allowed: a referrer may be pushed before its subject)"));
        }
    }

    private void checkBlobReference(Run run, String name, Digest manifest, String what, Descriptor descriptor) {
        Digest digest = descriptor.digest();
        BlobState state = run.state(digest);
        String wrong;
        if (state == null) {
            wrong = "is not in the blob store";
        } else if (state == BlobState.CORRUPT) {
            wrong = "is corrupt (see " + digest + " above)";
        } else if (state == BlobState.UNREADABLE) {
            wrong = "is unreadable (see " + digest + " above)";
        } else if (!driver.exists(StorageLayout.layerLink(name, digest))) {
            wrong = "is not linked into this repository, so pulls through it get 404";
        } else if (run.sizes.get(digest) != descriptor.size()) {
            wrong = "is " + run.sizes.get(digest) + " bytes, not the " + descriptor.size() + " the manifest says";
        } else {
            return;
        }
        run.problems.add(new ScrubProblem(MANIFEST_REFERENCE, name, manifest.toString(), what + " " + digest + " " + wrong));
    }

    private void checkTag(Run run, String name, String tag, Set<Digest> held) throws IOException {
        String link;
        try {
            link = new String(driver.getContent(StorageLayout.tagLink(name, tag), LINK_LIMIT), StandardCharsets.UTF_8).strip();
        } catch (PathNotFoundException e) {
            if (driver.exists(StorageLayout.tag(name, tag))) {
                run.problems.add(new ScrubProblem(TAG_BROKEN, name, tag, "the tag's folder has no link (an interrupted write)"));
            }
            return;
        }
        Digest target;
        try {
            target = Digest.parse(link);
        } catch (GantryException e) {
            run.problems.add(new ScrubProblem(TAG_BROKEN, name, tag, "its link holds '" + link + "', not a digest"));
            return;
        }
        if (!held.contains(target)) {
            run.problems.add(new ScrubProblem(TAG_DANGLING, name, tag, "it points to " + target + ", which is not a manifest in this repository"));
        }
    }

    /** Entries under _referrers/&lt;alg&gt;/&lt;hex&gt;/&lt;alg&gt;-&lt;hex&gt;: each must name a manifest the repository holds. */
    private void checkReferrers(Run run, String name, Set<Digest> held) throws IOException {
        String root = StorageLayout.repository(name) + "/_referrers";
        for (String algorithm : listOrEmpty(root)) {
            for (String hex : listOrEmpty(root + "/" + algorithm)) {
                for (String entry : listOrEmpty(root + "/" + algorithm + "/" + hex)) {
                    Digest referrer;
                    try {
                        referrer = Digest.parse(entry.replaceFirst("-", ":"));
                    } catch (GantryException e) {
                        continue; // nothing the registry wrote
                    }
                    if (!held.contains(referrer)) {
                        run.problems.add(new ScrubProblem(REFERRER_DANGLING, name, referrer.toString(), "it is listed as a referrer of "
                                + algorithm + ":" + hex + " but is not a manifest in this repository"));
                    }
                }
            }
        }
    }

    private List<String> listOrEmpty(String path) throws IOException {
        try {
            return driver.list(path);
        } catch (PathNotFoundException e) {
            return List.of();
        }
    }
}
