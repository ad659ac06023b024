package dev.gantry.copy;

import dev.gantry.concurrent.WorkerPool;
import dev.gantry.digest.Digest;
import dev.gantry.error.TransferRestartException;
import dev.gantry.image.Artifact;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.Index;
import dev.gantry.image.PlatformSelector;
import dev.gantry.oci.Descriptor;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * Copies an image or index from any source to any target: blobs the target lacks are
 * streamed through a verifying digest (several at once), manifests are kept byte for byte
 * unless the target's format requires converting their media types, and the root is tagged
 * and committed last, so a failed copy never leaves a tag pointing at a partial image.
 */
public final class ImageCopier {
    private final ImageSource source;
    private final ImageTarget target;
    private final CopyOptions options;
    private final ManifestFormat format;

    public ImageCopier(ImageSource source, ImageTarget target, CopyOptions options) {
        this.source = source;
        this.target = target;
        this.options = options;
        this.format = options.format() != null ? options.format() : target.preferredFormat();
    }

    /** Copies and commits; returns the descriptor of what the target's reference now names. */
    public Descriptor copy() throws IOException {
        Descriptor written = copyUnnamed();
        target.setRoot(written);
        target.commit();
        return written;
    }

    /** Copies without naming or committing, for a caller that writes an index over several copies. */
    public Descriptor copyUnnamed() throws IOException {
        Artifact root = Images.open(source);
        try (WorkerPool pool = new WorkerPool("gantry-copy", options.jobs())) {
            if (root instanceof Index index && !options.all()) {
                return copyImage(PlatformSelector.select(index, options.platform()), pool);
            }
            return copyArtifact(root, pool);
        }
    }

    private Descriptor copyArtifact(Artifact artifact, WorkerPool pool) throws IOException {
        if (artifact instanceof Image image) {
            return copyImage(image, pool);
        }
        Index index = (Index) artifact;
        Map<Digest, Descriptor> children = new HashMap<>();
        boolean changed = false;
        for (Descriptor child : index.manifest().manifests()) {
            Descriptor copied = copyArtifact(index.child(child), pool);
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

    private Descriptor copyImage(Image image, WorkerPool pool) throws IOException {
        List<Descriptor> blobs = new ArrayList<>();
        blobs.add(image.configDescriptor());
        blobs.addAll(image.manifest().layers());
        Map<Digest, Descriptor> unique = new LinkedHashMap<>();
        for (Descriptor blob : blobs) {
            if (blob.urls() != null && !blob.urls().isEmpty() && dev.gantry.oci.MediaTypes.isNonDistributable(blob.mediaType())) {
                continue; // foreign layers live at their URLs, not in stores
            }
            unique.putIfAbsent(blob.digest(), blob);
        }
        options.listener().planned(unique.values());
        List<Future<?>> futures = new ArrayList<>();
        for (Descriptor blob : unique.values()) {
            futures.add(pool.submit(() -> {
                copyBlob(blob);
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

    private void copyBlob(Descriptor blob) throws IOException {
        if (target.hasBlob(blob)) {
            options.listener().skipped(blob);
            return;
        }
        long offset = target.resumeOffset(blob); // bytes an interrupted earlier copy left
        try {
            transfer(blob, offset);
        } catch (TransferRestartException lost) {
            // The target dropped what it had (a registry cancelling an upload session): once more, from byte 0.
            transfer(blob, 0);
        }
        options.listener().copied(blob);
    }

    private void transfer(Descriptor blob, long offset) throws IOException {
        options.listener().started(blob, offset);
        try (InputStream in = new ReportingInputStream(offset > 0 ? source.openBlob(blob, offset) : source.openBlob(blob),
                blob, offset, options.listener())) {
            target.putBlob(blob, offset, in);
        }
    }

    private Descriptor putManifest(Descriptor descriptor, byte[] raw) throws IOException {
        target.putManifest(descriptor, raw);
        options.listener().manifestWritten(descriptor);
        return descriptor;
    }

    private static Descriptor converted(Descriptor old, byte[] raw) {
        String mediaType = dev.gantry.oci.Json.tree(raw, "manifest").path("mediaType").asText();
        return new Descriptor(mediaType, Digest.sha256(raw), raw.length, null, old.annotations(), old.platform(),
                old.artifactType(), null);
    }
}
