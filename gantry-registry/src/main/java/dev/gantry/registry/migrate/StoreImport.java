package dev.gantry.registry.migrate;

import dev.gantry.digest.Digest;
import dev.gantry.error.GantryException;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Json;
import dev.gantry.oci.Manifests;
import dev.gantry.oci.MediaTypes;
import dev.gantry.oci.ParsedManifest;
import dev.gantry.registry.content.BlobStore;
import dev.gantry.registry.content.Registry;
import dev.gantry.registry.content.Repository;
import dev.gantry.registry.content.StorageLayout;
import dev.gantry.registry.content.TreeMetadataStore;
import dev.gantry.registry.errors.RegistryException;
import dev.gantry.registry.metadata.MetadataStore;
import dev.gantry.registry.storage.FileSystemDriver;
import dev.gantry.registry.storage.PathNotFoundException;
import dev.gantry.registry.storage.StorageDriver;
import dev.gantry.registry.storage.StorageWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Imports a file-system registry store into a registry over any storage and metadata store
 * ({@code gantry serve migrate}): Gantry's embedded layout, or distribution's filesystem driver
 * layout ({@code DIR/docker/registry/v2/...}), which has the same tree except that a revision link
 * holds the digest rather than the media type, so the media type is read from each manifest itself.
 *
 * <p>Every blob is re-hashed while it is copied and made visible only when its digest matches;
 * manifests go through the target registry's own push checks (digest, media type, everything they
 * name present), children before the indexes that name them. Resumable: a blob already in the
 * target storage, a link already there, a manifest already there with its tags are skipped, so a
 * run that stopped half-way is finished by running it again. Each bad entry is one line to
 * {@code problems}; the rest goes on.
 */
public final class StoreImport {
    /** The layout under a distribution filesystem-driver root directory. */
    public static final String DISTRIBUTION_ROOT = "docker/registry/v2";

    private final StorageDriver sourceDriver;
    private final MetadataStore source;
    private final BlobStore sourceBlobs;
    private final Registry target;
    private final PrintWriter problems;
    private final Set<Digest> copied = new HashSet<>();
    private final Set<Digest> bad = new HashSet<>();
    private int blobsCopied;
    private int blobsPresent;
    private int manifestsImported;
    private int manifestsPresent;
    private int failures;

    /**
     * What a run did.
     *
     * @param layout            "gantry" or "distribution"
     * @param repositories      repositories read
     * @param blobsCopied       blobs copied (verified) into the target storage
     * @param blobsPresent      blobs the target already held (an earlier run)
     * @param manifestsImported manifests recorded in the target
     * @param manifestsPresent  manifests the target already held with their tags
     * @param failures          bad entries, each reported on its own line
     */
    public record Report(String layout, int repositories, int blobsCopied, int blobsPresent, int manifestsImported, int manifestsPresent, int failures) {
    }

    /**
     * Imports the store at {@code from} into the registry a {@code gantry serve --config} file configures: its storage,
     * and its database when it has one (the storage is then marked as a database's, as {@code gantry serve} marks it).
     *
     * @param from     the store's directory
     * @param storage  the target storage
     * @param database the target database, or null for metadata in the target storage's tree
     * @param problems where each bad entry is reported
     * @return what was done
     * @throws IOException when a store cannot be read or written at all
     */
    public static Report run(Path from, dev.gantry.registry.storage.StorageConfig storage, dev.gantry.registry.metadata.DatabaseConfig database,
                             PrintWriter problems) throws IOException {
        StorageDriver driver = dev.gantry.registry.storage.StorageDrivers.open(storage);
        MetadataStore metadata = database == null ? new TreeMetadataStore(driver) : dev.gantry.registry.metadata.MetadataStores.open(database);
        try {
            if (database != null) {
                driver.putContent(StorageLayout.METADATA_IN_DATABASE, (database.url() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return run(from, new Registry(driver, metadata, max -> new dev.gantry.registry.metadata.LocalUploadSlots(max, java.time.Clock.systemUTC())), problems);
        } finally {
            if (metadata instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // the import is done; a pool that does not close cleanly changes nothing for it
                }
            }
        }
    }

    private StoreImport(StorageDriver sourceDriver, Registry target, PrintWriter problems) {
        this.sourceDriver = sourceDriver;
        this.source = new TreeMetadataStore(sourceDriver);
        this.sourceBlobs = new BlobStore(sourceDriver);
        this.target = target;
        this.problems = problems;
    }

    /**
     * Imports the store at {@code from} into {@code target}.
     *
     * @param from     the store's directory: Gantry's data directory, or distribution's {@code rootdirectory}
     * @param target   the registry to import into (its storage and metadata store as configured)
     * @param problems where each bad entry is reported, one line each
     * @return what was done
     * @throws IOException when a store cannot be read or written at all (a bad entry is reported and skipped instead)
     */
    public static Report run(Path from, Registry target, PrintWriter problems) throws IOException {
        boolean distribution = Files.isDirectory(from.resolve(DISTRIBUTION_ROOT));
        Path root = distribution ? from.resolve(DISTRIBUTION_ROOT) : from;
        if (!Files.isDirectory(root.resolve("repositories")) && !Files.isDirectory(root.resolve("blobs"))) {
            throw new IOException("no registry store at " + from + ": neither Gantry's layout (repositories/, blobs/) nor distribution's ("
                    + DISTRIBUTION_ROOT + "/)");
        }
        if (Files.exists(root.resolve(StorageLayout.METADATA_IN_DATABASE.substring(1)))) {
            throw new IOException(from + " keeps its metadata in a database (" + StorageLayout.METADATA_IN_DATABASE
                    + "); its tree holds no tags or links to import");
        }
        StoreImport run = new StoreImport(new FileSystemDriver(root), target, problems);
        List<String> repositories = run.source.repositories(null, Integer.MAX_VALUE);
        for (String repository : repositories) {
            run.repository(repository);
        }
        problems.flush();
        return new Report(distribution ? "distribution" : "gantry", repositories.size(), run.blobsCopied, run.blobsPresent,
                run.manifestsImported, run.manifestsPresent, run.failures);
    }

    private void problem(String line) {
        failures++;
        problems.println(line);
    }

    private void repository(String name) throws IOException {
        Repository into = target.repository(name);
        for (Digest blob : source.linkedBlobs(name)) {
            if (blob(name, blob, "linked")) {
                if (!into.hasBlob(blob)) {
                    into.linkBlob(blob);
                }
            }
        }
        Map<Digest, List<String>> tagsOf = new HashMap<>();
        for (String tag : source.tags(name)) {
            try {
                source.tag(name, tag).ifPresent(d -> tagsOf.computeIfAbsent(d, k -> new ArrayList<>()).add(tag));
            } catch (GantryException e) {
                problem(name + ":" + tag + ": tag link unreadable: " + e.getMessage());
            }
        }
        Map<Digest, Pending> pending = new LinkedHashMap<>();
        for (Digest digest : source.manifests(name)) {
            Pending manifest = read(name, digest);
            if (manifest != null) {
                pending.put(digest, manifest);
            }
        }
        for (Digest tagged : tagsOf.keySet()) {
            if (!pending.containsKey(tagged)) {
                problem(name + ":" + String.join(",", tagsOf.get(tagged)) + ": tag points at " + tagged + ", which the repository does not hold");
            }
        }
        // Children before the indexes naming them: rounds until no manifest waits on another that is still to come.
        while (!pending.isEmpty()) {
            int before = pending.size();
            for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                if (entry.getValue().children().stream().noneMatch(pending::containsKey)) {
                    put(name, into, entry.getKey(), entry.getValue(), tagsOf.getOrDefault(entry.getKey(), List.of()));
                    it.remove();
                }
            }
            if (pending.size() == before) {
                for (Digest stuck : pending.keySet()) {
                    problem(name + "@" + stuck + ": index names itself through its children; not imported");
                }
                break;
            }
        }
    }

    /** A manifest read and checked, waiting for its children. */
    private record Pending(byte[] raw, ParsedManifest parsed, List<Digest> children) {
    }

    private Pending read(String name, Digest digest) {
        byte[] raw;
        try {
            raw = sourceBlobs.read(digest, Json.MAX_MANIFEST_BYTES);
        } catch (PathNotFoundException e) {
            problem(name + "@" + digest + ": manifest bytes missing from the store (blobs/" + digest.algorithm().id() + "/.../" + digest.hex() + "/data)");
            return null;
        } catch (IOException | GantryException e) {
            problem(name + "@" + digest + ": manifest unreadable: " + e.getMessage());
            return null;
        }
        Digest actual = Digest.of(digest.algorithm(), raw);
        if (!actual.equals(digest)) {
            problem(name + "@" + digest + ": manifest bytes hash to " + actual + "; not imported");
            return null;
        }
        ParsedManifest parsed;
        try {
            parsed = Manifests.parse(raw, null, "manifest " + digest);
        } catch (GantryException e) {
            problem(name + "@" + digest + ": not an OCI or Docker schema 2 manifest: " + e.getMessage());
            return null;
        }
        List<Digest> children = parsed.isIndex() ? parsed.index().manifests().stream().map(Descriptor::digest).toList() : List.of();
        return new Pending(raw, parsed, children);
    }

    private void put(String name, Repository into, Digest digest, Pending manifest, List<String> tags) throws IOException {
        if (into.hasManifest(digest) && new HashSet<>(into.tags()).containsAll(tags) && tagsPointAt(into, tags, digest)) {
            manifestsPresent++;
            return;
        }
        if (!manifest.parsed().isIndex()) {
            List<Descriptor> blobs = new ArrayList<>();
            blobs.add(manifest.parsed().manifest().config());
            blobs.addAll(manifest.parsed().manifest().layers());
            for (Descriptor d : blobs) {
                boolean foreign = MediaTypes.isNonDistributable(d.mediaType()) && d.urls() != null && !d.urls().isEmpty();
                if (!foreign && blob(name, d.digest(), "named by " + digest) && !into.hasBlob(d.digest())) {
                    into.linkBlob(d.digest());
                }
            }
        }
        try {
            into.putManifest(digest.toString(), manifest.raw(), manifest.parsed().mediaType(), tags);
            manifestsImported++;
        } catch (RegistryException e) {
            problem(name + "@" + digest + (tags.isEmpty() ? "" : " (" + String.join(",", tags) + ")") + ": " + e.getMessage());
        }
    }

    private static boolean tagsPointAt(Repository into, List<String> tags, Digest digest) throws IOException {
        for (String tag : tags) {
            if (!into.manifest(tag).digest().equals(digest)) {
                return false;
            }
        }
        return true;
    }

    /** Copies one blob unless the target has it; false when it is missing or bad (reported once). */
    private boolean blob(String repository, Digest digest, String why) throws IOException {
        if (copied.contains(digest)) {
            return true;
        }
        if (bad.contains(digest)) {
            return false;
        }
        if (target.blobs().exists(digest)) {
            blobsPresent++;
            copied.add(digest);
            return true;
        }
        if (!sourceBlobs.exists(digest)) {
            bad.add(digest);
            problem(repository + ": blob " + digest + " (" + why + ") is missing from the store");
            return false;
        }
        StorageDriver to = target.driver();
        String temp = StorageLayout.uploadData(repository, "migrate-" + UUID.randomUUID());
        MessageDigest hasher = digest.algorithm().newHasher();
        try (InputStream in = sourceDriver.reader(StorageLayout.blobData(digest), 0); StorageWriter writer = to.writer(temp, 0)) {
            try {
                byte[] buf = new byte[1 << 20];
                for (int n; (n = in.read(buf)) > 0; ) {
                    hasher.update(buf, 0, n);
                    writer.write(ByteBuffer.wrap(buf, 0, n));
                }
                writer.commit();
            } catch (IOException | RuntimeException e) {
                writer.cancel();
                throw e;
            }
        }
        Digest actual = new Digest(digest.algorithm(), HexFormat.of().formatHex(hasher.digest()));
        if (!actual.equals(digest)) {
            to.delete(temp);
            bad.add(digest);
            problem(repository + ": blob " + digest + " (" + why + ") hashes to " + actual + "; not imported");
            return false;
        }
        target.blobs().adopt(temp, digest);
        deleteEmptyUploadFolder(to, temp);
        blobsCopied++;
        copied.add(digest);
        return true;
    }

    private static void deleteEmptyUploadFolder(StorageDriver driver, String data) {
        try {
            driver.delete(data.substring(0, data.lastIndexOf('/')));
        } catch (IOException e) {
            // already gone with the move on drivers without folders
        }
    }
}
