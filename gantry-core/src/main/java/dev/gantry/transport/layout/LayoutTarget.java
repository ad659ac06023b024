package dev.gantry.transport.layout;

import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageIndex;
import dev.gantry.oci.Json;
import dev.gantry.oci.MediaTypes;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;
import dev.gantry.transport.files.TreeWriter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an OCI image layout through a {@link TreeWriter}. Blobs go to blobs/ as they arrive;
 * index.json is written last, on commit, keeping the entries already there (an existing
 * entry with the same ref.name is replaced, as a tag moves).
 */
public final class LayoutTarget implements ImageTarget {
    private final TreeWriter writer;
    private final String name;
    private final ImageIndex existing;
    private final Map<String, String> rootAnnotations;
    private final ManifestFormat format;
    private Descriptor root;
    private boolean layoutMarked;

    /**
     * A target over a tree writer; nothing is written until the first blob.
     *
     * @param writer          a directory (written in place) or an archive (renamed into place on commit)
     * @param name            how messages name it, e.g. "oci:/tmp/x:latest"
     * @param existing        the layout's current index.json, or null for a new layout
     * @param rootAnnotations annotations for the index.json entry (ref.name and the like); may be empty
     * @param format          the manifest format to store
     */
    @SuppressWarnings("exports") // file trees are core-internal: other modules open locations through Transports
    public LayoutTarget(TreeWriter writer, String name, ImageIndex existing, Map<String, String> rootAnnotations,
                        ManifestFormat format) {
        this.writer = writer;
        this.name = name;
        this.existing = existing;
        this.rootAnnotations = rootAnnotations;
        this.format = format;
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public ManifestFormat preferredFormat() {
        return format;
    }

    @Override
    public boolean hasBlob(Descriptor descriptor) throws IOException {
        return writer.exists(OciLayout.blobPath(descriptor.digest()));
    }

    @Override
    public void putBlob(Descriptor descriptor, InputStream content) throws IOException {
        putBlob(descriptor, 0, content);
    }

    @Override
    public long resumeOffset(Descriptor descriptor) throws IOException {
        return writer.kept(OciLayout.blobPath(descriptor.digest()));
    }

    /** Blobs go through {@link TreeWriter#writeResumable}: an interrupted one is continued by the next copy. */
    @Override
    public void putBlob(Descriptor descriptor, long offset, InputStream rest) throws IOException {
        markNewLayout();
        String path = OciLayout.blobPath(descriptor.digest());
        writer.writeBlob(path, descriptor, offset, rest, name);
    }

    @Override
    public void putManifest(Descriptor descriptor, byte[] raw) throws IOException {
        if (!hasBlob(descriptor)) {
            putBlob(descriptor, new ByteArrayInputStream(raw));
        }
    }

    /**
     * A new layout directory gets its {@code oci-layout} and an empty {@code index.json} before
     * its first blob, so that a copy that fails half-way leaves a valid layout holding no image
     * (and the blobs a re-run resumes from), never a bare {@code blobs/} that no tool reads.
     * Commit replaces the index. Archives are written whole on commit and need no marker.
     */
    private synchronized void markNewLayout() throws IOException {
        // Synchronized, and marked only once written: blobs are put in parallel, and no blob's bytes
        // (so no failure that cancels the others) flow before the marker is whole.
        if (existing != null || layoutMarked || !writer.replacesOnRewrite()) {
            return;
        }
        if (!writer.exists(OciLayout.LAYOUT_FILE)) {
            writer.write(OciLayout.LAYOUT_FILE, OciLayout.LAYOUT_CONTENT.length, new ByteArrayInputStream(OciLayout.LAYOUT_CONTENT));
        }
        if (!writer.exists(OciLayout.INDEX_FILE)) {
            byte[] empty = Json.write(new ImageIndex(2, MediaTypes.OCI_INDEX, null, List.of(), null, null));
            writer.write(OciLayout.INDEX_FILE, empty.length, new ByteArrayInputStream(empty));
        }
        layoutMarked = true;
    }

    @Override
    public void setRoot(Descriptor descriptor) {
        this.root = descriptor;
    }

    @Override
    public void commit() throws IOException {
        if (!writer.exists(OciLayout.LAYOUT_FILE)) {
            writer.write(OciLayout.LAYOUT_FILE, OciLayout.LAYOUT_CONTENT.length, new ByteArrayInputStream(OciLayout.LAYOUT_CONTENT));
        }
        byte[] index = Json.write(mergedIndex());
        writer.write(OciLayout.INDEX_FILE, index.length, new ByteArrayInputStream(index));
        writer.commit();
    }

    private ImageIndex mergedIndex() {
        List<Descriptor> entries = new ArrayList<>();
        String refName = rootAnnotations.get(OciLayout.REF_NAME);
        if (existing != null) {
            for (Descriptor d : existing.manifests()) {
                boolean sameTag = refName != null && refName.equals(d.annotation(OciLayout.REF_NAME));
                boolean sameUntagged = refName == null && root != null && d.annotation(OciLayout.REF_NAME) == null
                        && d.digest().equals(root.digest());
                if (!sameTag && !sameUntagged) {
                    entries.add(d);
                }
            }
        }
        if (root != null) {
            Map<String, String> annotations = new LinkedHashMap<>();
            if (root.annotations() != null) {
                annotations.putAll(root.annotations());
            }
            annotations.putAll(rootAnnotations);
            entries.add(new Descriptor(root.mediaType(), root.digest(), root.size(), null,
                    annotations.isEmpty() ? null : annotations, root.platform(), root.artifactType(), null));
        }
        Map<String, String> indexAnnotations = existing == null ? null : existing.annotations();
        return new ImageIndex(2, MediaTypes.OCI_INDEX, null, entries, null, indexAnnotations);
    }

    /**
     * Adds a file beside the layout (docker-archive's manifest.json), before {@link #commit()}.
     *
     * @param path  its path in the layout, e.g. {@code manifest.json}
     * @param bytes its content
     * @throws IOException when writing fails
     */
    public void writeExtraFile(String path, byte[] bytes) throws IOException {
        writer.write(path, bytes.length, new ByteArrayInputStream(bytes));
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
