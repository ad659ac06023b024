package dev.gantry.transport.archive;

import dev.gantry.digest.Digest;
import dev.gantry.error.UnsupportedFormatException;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageManifest;
import dev.gantry.oci.Json;
import dev.gantry.oci.Manifests;
import dev.gantry.oci.ParsedManifest;
import dev.gantry.ref.Reference;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;
import dev.gantry.transport.files.TarTreeWriter;
import dev.gantry.transport.files.TreeWriter;
import dev.gantry.transport.layout.LayoutTarget;
import dev.gantry.transport.layout.OciLayout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a `docker save` archive in the form Docker 25+ writes: an OCI layout (so manifests
 * and layer bytes are kept exactly) plus the manifest.json that `docker load` and older
 * readers use. Layers keep their compression; docker load and skopeo detect it.
 */
public final class DockerArchiveTarget implements ImageTarget {
    private final String name;
    private final Reference reference;
    private final LayoutTarget layout;
    private final ManifestFormat format;
    private final Map<Digest, byte[]> manifests = new HashMap<>();
    private Descriptor root;

    /**
     * A target writing a new archive; it is written to a temporary file and renamed into place on commit.
     *
     * @param path      the archive to write; replaced on commit
     * @param reference the name recorded in RepoTags and the index's annotations, or null for none
     * @param format    the manifest format to store: ANY keeps the source's, DOCKER converts OCI manifests
     * @throws IOException when the temporary archive cannot be created
     */
    public DockerArchiveTarget(Path path, Reference reference, ManifestFormat format) throws IOException {
        this(new TarTreeWriter(path), "docker-archive:" + path + (reference != null ? ":" + reference.familiarString() : ""),
                reference, format);
    }

    private DockerArchiveTarget(TreeWriter writer, String name, Reference reference, ManifestFormat format) {
        this.name = name;
        this.reference = reference;
        this.format = format;
        Map<String, String> annotations = new LinkedHashMap<>();
        if (reference != null) {
            annotations.put(OciLayout.CONTAINERD_IMAGE_NAME, reference.toString());
            if (reference.tagOrDefault() != null) {
                annotations.put(OciLayout.REF_NAME, reference.tagOrDefault());
            }
        }
        this.layout = new LayoutTarget(writer, name, null, annotations, ManifestFormat.ANY);
    }

    /**
     * A target writing the archive through any tar writer, such as one streaming it into a request
     * to the Docker daemon ({@code docker-daemon:}).
     *
     * @param writer    where the archive's entries go; committed by {@link #commit()}
     * @param name      how messages name the target, e.g. {@code docker-daemon:busybox:latest}
     * @param reference the name recorded in RepoTags and the index's annotations, or null for none
     * @param format    the manifest format to store: ANY keeps the source's, DOCKER converts OCI manifests
     * @return the target
     */
    @SuppressWarnings("exports") // file trees are core-internal: other modules open locations through Transports
    public static DockerArchiveTarget over(TreeWriter writer, String name, Reference reference, ManifestFormat format) {
        return new DockerArchiveTarget(writer, name, reference, format);
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
        return layout.hasBlob(descriptor);
    }

    @Override
    public void putBlob(Descriptor descriptor, InputStream content) throws IOException {
        layout.putBlob(descriptor, content);
    }

    @Override
    public void putManifest(Descriptor descriptor, byte[] raw) throws IOException {
        manifests.put(descriptor.digest(), raw);
        layout.putManifest(descriptor, raw);
    }

    @Override
    public void setRoot(Descriptor descriptor) {
        this.root = descriptor;
        layout.setRoot(descriptor);
    }

    @Override
    public void commit() throws IOException {
        byte[] raw = root == null ? null : manifests.get(root.digest());
        if (raw == null) {
            throw new IllegalStateException("commit before the root manifest was written");
        }
        ParsedManifest parsed = Manifests.parse(raw, root.mediaType(), describe());
        if (parsed.isIndex()) {
            throw new UnsupportedFormatException(name + ": a docker-archive holds single-platform images, not an index; "
                    + "pick one with --platform instead of --all");
        }
        ImageManifest manifest = parsed.manifest();
        List<String> layers = manifest.layers().stream().map(d -> OciLayout.blobPath(d.digest())).toList();
        DockerSaveEntry entry = new DockerSaveEntry(OciLayout.blobPath(manifest.config().digest()),
                reference == null ? List.of() : List.of(reference.familiarString()), layers, null);
        byte[] manifestJson = Json.write(List.of(entry));
        layout.writeExtraFile(DockerArchiveSource.MANIFEST_FILE, manifestJson);
        layout.commit();
    }

    @Override
    public void close() throws IOException {
        layout.close();
    }
}
