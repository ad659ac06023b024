package dev.gantry.validate;

import dev.gantry.concurrent.WorkerPool;
import dev.gantry.digest.Digest;
import dev.gantry.digest.DigestingInputStream;
import dev.gantry.error.GantryException;
import dev.gantry.image.Artifact;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.Index;
import dev.gantry.layer.Compression;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.layer.LayerTarInputStream;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageConfig;
import dev.gantry.oci.MediaTypes;
import dev.gantry.oci.Platform;
import dev.gantry.transport.ImageSource;


import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks everything a reference reaches: every manifest and blob against its descriptor's
 * digest and size, every diff_id against the uncompressed layer, and the consistency of
 * manifests, configs and index platforms. Each layer is read once: the stored bytes are hashed
 * while they are decompressed, the tar is walked while its bytes are hashed. Layers are checked
 * in parallel. Problems are collected, not thrown, so one run reports them all.
 */
public final class ImageValidator {
    private final ImageSource source;
    private final boolean fast;
    private final int threads;
    private final List<Finding> findings = Collections.synchronizedList(new ArrayList<>());
    private final List<LayerCheck> layers = Collections.synchronizedList(new ArrayList<>());
    private final Set<Digest> seen = Collections.synchronizedSet(new HashSet<>());
    /** The platform each image's config states; manifests are visited on the calling thread only. */
    private final Map<Digest, Platform> configPlatforms = new HashMap<>();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong uncompressed = new AtomicLong();
    private int manifests;

    /**
     * A validator using one thread per core for layers.
     *
     * @param source what to validate: everything its reference reaches
     * @param fast   check stored digests and sizes only, skipping decompression and diff_ids
     */
    public ImageValidator(ImageSource source, boolean fast) {
        this(source, fast, Runtime.getRuntime().availableProcessors());
    }

    /**
     * A validator with a chosen number of layer threads.
     *
     * @param source  what to validate: everything its reference reaches
     * @param fast    check stored digests and sizes only, skipping decompression and diff_ids
     * @param threads how many layers to check at once (at least one is used)
     */
    public ImageValidator(ImageSource source, boolean fast, int threads) {
        this.source = source;
        this.fast = fast;
        this.threads = Math.max(1, threads);
    }

    /**
     * Runs every check once. Problems with content become findings rather than exceptions, so one
     * run reports them all; call once per validator.
     *
     * @return the report
     * @throws dev.gantry.error.NotFoundException when the reference itself names nothing in the source
     * @throws IOException                        when the reference cannot be resolved
     */
    public ValidationReport validate() throws IOException {
        long start = System.nanoTime();
        Descriptor root = source.root();
        List<Future<?>> work = new ArrayList<>();
        try (WorkerPool pool = new WorkerPool("gantry-validate", threads)) {
            visit(root, null, pool, work);
            WorkerPool.awaitAll(work);
        } catch (IOException | RuntimeException e) {
            // Checks report into findings themselves; anything thrown out of one is a bug or an interrupt.
            findings.add(Finding.error(source.describe(), "validation stopped: " + e));
        }
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort((a, b) -> a.severity().compareTo(b.severity()));
        return new ValidationReport(source.describe(), root.digest().toString(), manifests, seen.size() - manifests,
                bytesRead.get(), uncompressed.get(), (System.nanoTime() - start) / 1_000_000, List.copyOf(layers), sorted);
    }

    private void visit(Descriptor descriptor, Platform expected, WorkerPool pool, List<Future<?>> work) throws IOException {
        if (!seen.add(descriptor.digest())) {
            // Listed again (one image named for two platforms is a common mistake): check this claim too.
            Platform actual = configPlatforms.get(descriptor.digest());
            if (actual != null) {
                checkPlatformClaim("image " + descriptor.digest(), expected, actual);
            }
            return;
        }
        Artifact artifact;
        try {
            artifact = Images.open(source, descriptor);
            manifests++;
            bytesRead.addAndGet(descriptor.size());
        } catch (GantryException | IOException e) {
            findings.add(Finding.error(subject(descriptor), message(e)));
            return;
        }
        if (artifact instanceof Index index) {
            if (index.manifest().manifests().isEmpty()) {
                findings.add(Finding.warning(subject(descriptor), "index lists no manifests"));
            }
            for (Descriptor child : index.manifest().manifests()) {
                visit(child, child.platform(), pool, work);
            }
            return;
        }
        checkImage((Image) artifact, expected, pool, work);
    }

    private void checkImage(Image image, Platform expected, WorkerPool pool, List<Future<?>> work) throws IOException {
        Descriptor configDescriptor = image.configDescriptor();
        String where = "image " + image.descriptor().digest();
        if (MediaTypes.isDocker(image.descriptor().mediaType()) != MediaTypes.isDocker(configDescriptor.mediaType())
                && MediaTypes.isImageConfig(configDescriptor.mediaType())) {
            findings.add(Finding.warning(where, "manifest type " + image.descriptor().mediaType()
                    + " mixes families with config type " + configDescriptor.mediaType()));
        }
        List<Descriptor> layerDescriptors = image.manifest().layers();
        if (!MediaTypes.isImageConfig(configDescriptor.mediaType())) {
            // An artifact (OCI 1.1): its config and blobs are not an image's; digests and sizes are what can be checked.
            for (Descriptor blob : concat(configDescriptor, layerDescriptors)) {
                if (seen.add(blob.digest())) {
                    work.add(pool.submit(() -> checkLayer("blob " + subject(blob), blob, null, false)));
                }
            }
            return;
        }
        ImageConfig config = readConfig(image);
        List<Digest> diffIds = config == null ? List.of() : config.diffIds();
        if (config != null) {
            configPlatforms.put(image.descriptor().digest(), config.platform());
            checkConfig(where, config, layerDescriptors.size(), expected);
        }
        for (int i = 0; i < layerDescriptors.size(); i++) {
            Descriptor layer = layerDescriptors.get(i);
            Digest diffId = i < diffIds.size() ? diffIds.get(i) : null;
            int n = i;
            if (!seen.add(layer.digest())) {
                continue;
            }
            if (layer.urls() != null && !layer.urls().isEmpty() && MediaTypes.isNonDistributable(layer.mediaType())) {
                findings.add(Finding.warning("layer " + i + " " + layer.digest(), "non-distributable layer lives at "
                        + layer.urls() + "; not checked"));
                continue;
            }
            String subject = "layer " + n + " " + subject(layer);
            work.add(pool.submit(() -> checkLayer(subject, layer, diffId, config != null)));
        }
    }

    private static List<Descriptor> concat(Descriptor first, List<Descriptor> rest) {
        List<Descriptor> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private ImageConfig readConfig(Image image) throws IOException {
        Descriptor configDescriptor = image.configDescriptor();
        try {
            seen.add(configDescriptor.digest());
            ImageConfig config = image.config();
            bytesRead.addAndGet(configDescriptor.size());
            return config;
        } catch (GantryException | IOException e) {
            findings.add(Finding.error("config " + subject(configDescriptor), message(e)));
            return null;
        }
    }

    private void checkConfig(String where, ImageConfig config, int layerCount, Platform expected) {
        if (config.os() == null || config.os().isBlank()) {
            findings.add(Finding.error(where + " config", "required field 'os' is missing"));
        }
        if (config.architecture() == null || config.architecture().isBlank()) {
            findings.add(Finding.error(where + " config", "required field 'architecture' is missing"));
        }
        if (config.rootfs() == null) {
            findings.add(Finding.error(where + " config", "required field 'rootfs' is missing"));
        } else if (!"layers".equals(config.rootfs().type())) {
            findings.add(Finding.error(where + " config", "rootfs.type must be \"layers\", found \"" + config.rootfs().type() + "\""));
        }
        if (config.diffIds().size() != layerCount) {
            findings.add(Finding.error(where + " config", "rootfs.diff_ids has " + config.diffIds().size()
                    + " entries but the manifest lists " + layerCount + " layers"));
        }
        long historyLayers = config.history().stream().filter(h -> !h.isEmptyLayer()).count();
        if (!config.history().isEmpty() && historyLayers != layerCount) {
            findings.add(Finding.warning(where + " config", "history has " + historyLayers
                    + " entries that made layers but the manifest lists " + layerCount + " layers"));
        }
        checkPlatformClaim(where, expected, config.platform());
    }

    private void checkPlatformClaim(String where, Platform expected, Platform actual) {
        if (expected != null && expected.os() != null && actual.os() != null
                && (!Objects.equals(expected.os(), actual.os()) || !Objects.equals(expected.architecture(), actual.architecture()))) {
            findings.add(Finding.error(where, "the index says platform " + expected + " but the config says "
                    + actual.os() + "/" + actual.architecture()));
        }
    }

    /** @param diffIdExpected false when there is no image config to name diff_ids (unreadable, already reported; or an artifact) */
    private void checkLayer(String subject, Descriptor layer, Digest diffId, boolean diffIdExpected) {
        Compression declared = Compression.ofMediaType(layer.mediaType());
        DigestingInputStream stored = null;
        DigestingInputStream tarBytes = null;
        long entries = -1;
        try (InputStream raw = source.openBlob(layer)) {
            stored = new DigestingInputStream(raw, layer.digest().algorithm());
            BufferedInputStream buffered = new BufferedInputStream(stored, 1 << 16);
            Compression actual = Compression.detect(buffered);
            boolean tarLayer = MediaTypes.isLayer(layer.mediaType());
            if (tarLayer && actual != declared) {
                findings.add(Finding.error(subject, "media type " + layer.mediaType() + " says " + name(declared)
                        + " but the bytes are " + name(actual)));
            }
            if (fast || !tarLayer) {
                // An artifact's blobs are not tars; their digest and size are all there is to check.
                stored.drain();
            } else {
                try {
                    if (actual == Compression.NONE && (diffId == null || diffId.algorithm() == layer.digest().algorithm())) {
                        // The stored bytes are the tar: their digest is the diff_id; hash them once.
                        tarBytes = stored;
                        entries = walkTar(buffered);
                    } else {
                        tarBytes = new DigestingInputStream(actual.decompress(buffered), diffId != null
                                ? diffId.algorithm() : dev.gantry.digest.DigestAlgorithm.SHA256);
                        entries = walkTar(tarBytes);
                        tarBytes.drain();
                    }
                } catch (IOException e) {
                    // Still open here: read the rest of the stored bytes to find the real cause.
                    findings.add(Finding.error(subject, undecompressable(layer, stored, e)));
                    return;
                }
                stored.drain();
            }
        } catch (GantryException e) {
            findings.add(Finding.error(subject, message(e)));
            return;
        } catch (IOException e) {
            long at = stored == null ? 0 : stored.count();
            findings.add(Finding.error(subject, "unreadable after " + at + " stored bytes: " + e.getMessage()));
            return;
        }
        bytesRead.addAndGet(stored.count());
        Digest actualDigest = stored.digest();
        Digest actualDiffId = tarBytes == null ? null : tarBytes.digest();
        if (tarBytes != null) {
            uncompressed.addAndGet(tarBytes.count());
        }
        layers.add(new LayerCheck(layer.digest(), layer.size(), actualDigest, stored.count(), diffId, actualDiffId,
                tarBytes == null ? -1 : tarBytes.count(), entries));
        if (stored.count() != layer.size()) {
            findings.add(Finding.error(subject, "size is " + stored.count() + " bytes but the manifest says " + layer.size()));
        }
        boolean uncompressedLayer = Objects.equals(actualDigest, actualDiffId);
        if (!actualDigest.equals(layer.digest()) && !(uncompressedLayer && layer.digest().equals(diffId))) {
            findings.add(Finding.error(subject, "content hashes to " + actualDigest + ", not the manifest's " + layer.digest()));
        }
        if (diffId == null) {
            if (diffIdExpected) {
                findings.add(Finding.error(subject, "config has no diff_id for this layer"));
            }
        } else if (actualDiffId != null && !actualDiffId.equals(diffId)) {
            String why = diffId.equals(actualDigest)
                    ? " — the config's diff_id is the digest of the compressed blob; diff_ids must be digests of the uncompressed tar"
                    : "";
            findings.add(Finding.error(subject, "diff_id mismatch: config says " + diffId + " but the uncompressed tar is "
                    + actualDiffId + why));
        }
    }

    /**
     * Why a layer failed to decompress. A corrupt or truncated blob breaks the decompressor
     * first, so the stored bytes are read to their end and a wrong size or digest, the real
     * cause, is reported rather than the decompressor's complaint alone.
     */
    private String undecompressable(Descriptor layer, DigestingInputStream stored, IOException e) {
        String cause = e.getMessage() != null ? e.getMessage() : e.toString();
        long at = stored.count();
        try {
            stored.drain();
        } catch (IOException again) {
            return "unreadable after " + at + " stored bytes: " + cause;
        }
        bytesRead.addAndGet(stored.count());
        if (stored.count() != layer.size()) {
            return "size is " + stored.count() + " bytes but the manifest says " + layer.size()
                    + " (truncated?); decompressing it failed: " + cause;
        }
        Digest actual = stored.digest();
        if (!actual.equals(layer.digest())) {
            return "content hashes to " + actual + ", not the manifest's " + layer.digest()
                    + " (corrupt blob); decompressing it failed: " + cause;
        }
        return "the stored bytes match " + layer.digest() + " but do not decompress (" + cause
                + "): the blob was already corrupt when it was made";
    }

    /**
     * Walks the tar so a truncated or corrupt tar is caught; the bytes are hashed underneath. The
     * layer reader bounds each entry's PAX and long-name records as unpack does (an oversized one
     * is reported, not read into memory); sizes are not budgeted, since nothing is written.
     * Entry contents are read through one reused buffer: letting the tar reader skip them
     * allocates a fresh 8 KiB array per read, gigabytes of garbage on a big image.
     */
    private static long walkTar(InputStream tar) throws IOException {
        long count = 0;
        byte[] buf = new byte[1 << 16];
        LayerTarInputStream in = new LayerTarInputStream(tar, ExpansionLimits.defaults(), Long.MAX_VALUE);
        while (in.getNextEntry() != null) {
            count++;
            while (in.read(buf) >= 0) {
                // contents are hashed by the stream underneath
            }
        }
        return count;
    }

    private static String name(Compression c) {
        return c == Compression.NONE ? "uncompressed" : c.name().toLowerCase(java.util.Locale.ROOT);
    }

    private String subject(Descriptor d) {
        return d.digest() + " (" + source.locate(d) + ")";
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
