package dev.gantry.copy;

import dev.gantry.concurrent.WorkerPool;
import dev.gantry.digest.Digest;
import dev.gantry.error.DigestMismatchException;
import dev.gantry.error.TransferRestartException;
import dev.gantry.image.Artifact;
import dev.gantry.image.Image;
import dev.gantry.image.Index;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Json;
import dev.gantry.oci.MediaTypes;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * Writes an image or index value to any target: the one way anything reaches a target,
 * whether the value was read from a source ({@link ImageCopier}) or computed
 * ({@link dev.gantry.image.mutate.Mutate}). Blobs the target lacks are streamed (several at
 * once) from {@link Image#openBlob} and verified by the target while stored; an interrupted
 * blob is resumed where the target kept part of it. Manifests are kept byte for byte unless
 * the target's format requires converting their media types, and the root is named and
 * committed last, so a failed write never leaves a tag pointing at a partial image.
 */
public final class ImageWriter {
    private final ImageTarget target;
    private final CopyOptions options;
    private final ManifestFormat format;

    /**
     * A writer to one target.
     *
     * @param target  where to write; the caller closes it
     * @param options only {@code format()}, {@code jobs()} and {@code listener()} matter here; platform selection is the caller's
     */
    public ImageWriter(ImageTarget target, CopyOptions options) {
        this.target = target;
        this.options = options;
        this.format = options.format() != null ? options.format() : target.preferredFormat();
    }

    /**
     * What writing an image produced.
     *
     * @param manifest the manifest the target's reference names (converted if the target needed it)
     * @param config   the config blob written
     */
    public record Written(Descriptor manifest, Descriptor config) {
    }

    /**
     * Writes {@code artifact} to {@code target}, names it with the target's reference and commits,
     * with the default options.
     *
     * @param artifact what to write
     * @param target   where to write it
     * @return the descriptor the target's reference now names
     * @throws IOException when reading the artifact or writing fails (see {@link #write(Artifact)})
     */
    public static Descriptor write(Artifact artifact, ImageTarget target) throws IOException {
        return new ImageWriter(target, CopyOptions.defaults()).write(artifact);
    }

    /**
     * {@link #write(Artifact, ImageTarget)} for an image, saying which config it wrote too.
     *
     * @param image  what to write
     * @param target where to write it
     * @return the manifest and config written
     * @throws IOException when reading the image or writing fails
     */
    public static Written writeImage(Image image, ImageTarget target) throws IOException {
        Descriptor manifest = write(image, target);
        return new Written(manifest, image.configDescriptor());
    }

    /**
     * Writes, names and commits.
     *
     * @param artifact what to write
     * @return the descriptor of what the target's reference now names
     * @throws dev.gantry.error.DigestMismatchException    when a blob read is not what its descriptor names; nothing is tagged
     * @throws dev.gantry.error.UnsupportedFormatException when the target's format cannot express the artifact
     * @throws IOException                                 when reading or writing fails
     */
    public Descriptor write(Artifact artifact) throws IOException {
        Descriptor written = writeUnnamed(artifact);
        target.setRoot(written);
        target.commit();
        return written;
    }

    /**
     * Writes without naming or committing, for a caller that writes an index over several images.
     *
     * @param artifact what to write
     * @return the descriptor of what was written (converted if the target needed it)
     * @throws IOException when reading or writing fails (and the typed errors of {@link #write(Artifact)})
     */
    public Descriptor writeUnnamed(Artifact artifact) throws IOException {
        try (WorkerPool pool = new WorkerPool("gantry-copy", options.jobs())) {
            return writeArtifact(artifact, pool);
        }
    }

    private Descriptor writeArtifact(Artifact artifact, WorkerPool pool) throws IOException {
        if (artifact instanceof Image image) {
            return writeImage(image, pool);
        }
        Index index = (Index) artifact;
        Map<Digest, Descriptor> children = new HashMap<>();
        boolean changed = false;
        for (Descriptor child : index.manifest().manifests()) {
            Descriptor copied = writeArtifact(index.child(child), pool);
            children.put(child.digest(), copied);
            changed |= !copied.digest().equals(child.digest());
        }
        byte[] raw = index.rawManifest();
        Descriptor descriptor = index.descriptor();
        if (changed || ManifestConverter.needsConversion(descriptor.mediaType(), format)) {
            raw = ManifestConverter.convertIndex(raw, format, children);
            descriptor = converted(descriptor, raw);
        }
        return putManifest(descriptor, raw);
    }

    private Descriptor writeImage(Image image, WorkerPool pool) throws IOException {
        List<Descriptor> blobs = new ArrayList<>();
        blobs.add(image.configDescriptor());
        blobs.addAll(image.manifest().layers());
        Map<Digest, Descriptor> unique = new LinkedHashMap<>();
        for (Descriptor blob : blobs) {
            if (blob.urls() != null && !blob.urls().isEmpty() && MediaTypes.isNonDistributable(blob.mediaType())) {
                continue; // foreign layers live at their URLs, not in stores
            }
            unique.putIfAbsent(blob.digest(), blob);
        }
        options.listener().planned(unique.values());
        List<Future<?>> futures = new ArrayList<>();
        for (Descriptor blob : unique.values()) {
            futures.add(pool.submit(() -> {
                writeBlob(image, blob);
                return null;
            }));
        }
        WorkerPool.awaitAll(futures);
        byte[] raw = image.rawManifest();
        Descriptor descriptor = image.descriptor();
        if (ManifestConverter.needsConversion(descriptor.mediaType(), format)) {
            raw = ManifestConverter.convertImage(raw, format);
            descriptor = converted(descriptor, raw);
        }
        return putManifest(descriptor, raw);
    }

    private void writeBlob(Image image, Descriptor blob) throws IOException {
        if (target.hasBlob(blob)) {
            options.listener().skipped(blob);
            return;
        }
        long offset = target.resumeOffset(blob); // bytes an interrupted earlier copy left
        try {
            transfer(image, blob, offset);
        } catch (TransferRestartException lost) {
            // The target dropped what it had (a registry cancelling an upload session): once more, from byte 0.
            transfer(image, blob, 0);
        }
        options.listener().copied(blob);
    }

    private void transfer(Image image, Descriptor blob, long offset) throws IOException {
        options.listener().started(blob, offset);
        try {
            // The target may open the blob again at another offset (a registry resuming a cut upload).
            target.putBlob(blob, offset, at -> new ReportingInputStream(image.openBlob(blob, at), blob, at, options.listener()));
        } catch (DigestMismatchException bad) {
            if (bad.expected() == null) {
                throw bad;
            }
            // The target's verifier names the target; what is wrong is what was read (or kept).
            String kept = offset > 0 ? ", after " + offset + " bytes an earlier copy left in " + target.describe() : "";
            throw new DigestMismatchException("blob " + blob.digest() + " as read from the source" + kept
                    + " (nothing was tagged in " + target.describe() + ")", bad.expected(), bad.actual());
        }
    }

    private Descriptor putManifest(Descriptor descriptor, byte[] raw) throws IOException {
        target.putManifest(descriptor, raw);
        options.listener().manifestWritten(descriptor);
        return descriptor;
    }

    private static Descriptor converted(Descriptor old, byte[] raw) {
        String mediaType = Json.tree(raw, "manifest").path("mediaType").asText();
        return new Descriptor(mediaType, Digest.sha256(raw), raw.length, null, old.annotations(), old.platform(),
                old.artifactType(), null);
    }
}
