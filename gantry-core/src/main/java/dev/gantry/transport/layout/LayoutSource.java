package dev.gantry.transport.layout;

import dev.gantry.digest.Digest;
import dev.gantry.error.NotFoundException;
import dev.gantry.oci.Manifests;
import dev.gantry.oci.MediaTypes;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageIndex;
import dev.gantry.oci.ParsedManifest;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TagLister;
import dev.gantry.transport.files.FileTree;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads an OCI image layout held in any {@link FileTree}: a directory (oci:) or a tar (oci-archive:). */
public final class LayoutSource implements ImageSource, TagLister {
    private static final int MAX_DEPTH = 8;
    private final FileTree tree;
    private final String name;
    private final String store;
    private final ImageIndex index;
    private final String tag;
    private Descriptor root;

    /**
     * A source over a layout; its oci-layout and index.json are read and checked now, the tag is
     * resolved on first use.
     *
     * @param tree the layout: a directory, or an oci-archive read in place
     * @param name how the source calls itself, e.g. "oci:/tmp/x:latest"
     * @param tag  the ref.name to resolve, a digest (of an index.json entry or of a manifest an index there names),
     *             or null for the only image
     * @throws dev.gantry.error.InvalidInputException when the layout's files are missing or malformed
     * @throws IOException                            when they cannot be read
     */
    @SuppressWarnings("exports") // file trees are core-internal: other modules open locations through Transports
    public LayoutSource(FileTree tree, String name, String tag) throws IOException {
        this(tree, name, name, tag);
    }

    /**
     * A source over a layout, naming the store apart from the image for "not found in" messages.
     *
     * @param tree  the layout
     * @param name  how the source calls itself, e.g. "oci:/tmp/x:latest"
     * @param store how the layout itself is called, without the tag, e.g. "oci:/tmp/x"
     * @param tag   the ref.name or digest to resolve, or null for the only image
     * @throws dev.gantry.error.InvalidInputException when the layout's files are missing or malformed
     * @throws IOException                            when they cannot be read
     */
    @SuppressWarnings("exports") // file trees are core-internal: other modules open locations through Transports
    public LayoutSource(FileTree tree, String name, String store, String tag) throws IOException {
        this.tree = tree;
        this.name = name;
        this.store = store;
        this.index = OciLayout.readIndex(tree);
        this.tag = tag;
    }

    @Override
    public String describe() {
        return name;
    }

    /** Resolved on first use, so listing the tags of a many-image layout needs no tag. */
    @Override
    public synchronized Descriptor root() throws IOException {
        if (root == null) {
            root = OciLayout.isDigest(tag) ? byDigest(Digest.parse(tag)) : OciLayout.resolve(index, tag, name);
        }
        return root;
    }

    /**
     * The manifest a digest names: an entry of index.json, or a manifest one of its indexes names
     * (one platform's image), found by walking the indexes rather than trusting a file in blobs/,
     * so the descriptor's media type and size come from the document that names it.
     */
    private Descriptor byDigest(Digest digest) throws IOException {
        Descriptor found = find(index.manifests(), digest, 0);
        if (found == null) {
            throw new NotFoundException("manifest " + digest + " not found in " + store + "; it holds: "
                    + (index.manifests().isEmpty() ? "no images" : String.join(", ", OciLayout.names(index))));
        }
        return found;
    }

    private Descriptor find(List<Descriptor> entries, Digest digest, int depth) throws IOException {
        for (Descriptor d : entries) {
            if (d.digest().equals(digest)) {
                return d;
            }
        }
        if (depth >= MAX_DEPTH) {
            return null; // deeper nesting is a loop or an attack, not an image
        }
        for (Descriptor d : entries) {
            if (MediaTypes.isIndex(d.mediaType())) {
                Descriptor found = find(childrenOf(d), digest, depth + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private List<Descriptor> childrenOf(Descriptor indexDescriptor) throws IOException {
        return Manifests.parse(readManifest(indexDescriptor), indexDescriptor.mediaType(),
                "index " + indexDescriptor.digest() + " in " + name).index().manifests();
    }

    @Override
    public List<String> tags() {
        return OciLayout.names(index);
    }

    /**
     * The manifests in this layout whose {@code subject} is {@code subject} (OCI 1.1 referrers:
     * signatures, SBOMs, attestations), as descriptors the referrers API would list: the
     * manifest's artifactType (else its config's media type) and annotations. Looked for among
     * index.json's entries, which is where oras, cosign and {@code copy --referrers} put them, and
     * in the {@code sha256-HEX} fallback index a registry copy may have brought along.
     *
     * @param subject the digest of the manifest the referrers point at
     * @return one descriptor per referrer, in index order; empty when there is none
     * @throws dev.gantry.error.InvalidInputException   when a candidate manifest is malformed
     * @throws dev.gantry.error.DigestMismatchException when a candidate's stored bytes are not the ones named
     * @throws IOException                              when a manifest cannot be read
     */
    public List<Descriptor> referrers(Digest subject) throws IOException {
        Map<Digest, Descriptor> found = new LinkedHashMap<>();
        List<Descriptor> candidates = new ArrayList<>(index.manifests());
        String fallbackTag = subject.algorithm().id() + "-" + subject.hex();
        for (Descriptor entry : index.manifests()) {
            if (fallbackTag.equals(entry.annotation(OciLayout.REF_NAME)) && MediaTypes.isIndex(entry.mediaType())) {
                ParsedManifest fallback = Manifests.parse(readManifest(entry), entry.mediaType(), "index " + entry.digest() + " in " + name);
                candidates.addAll(fallback.index().manifests());
            }
        }
        for (Descriptor candidate : candidates) {
            if (candidate.digest().equals(subject) || found.containsKey(candidate.digest())
                    || !MediaTypes.isManifest(candidate.mediaType())
                    || !has(candidate)) {
                continue;
            }
            ParsedManifest parsed = Manifests.parse(readManifest(candidate), candidate.mediaType(),
                    "manifest " + candidate.digest() + " in " + name);
            Descriptor about = parsed.isIndex() ? parsed.index().subject() : parsed.manifest().subject();
            if (about == null || !about.digest().equals(subject)) {
                continue;
            }
            String artifactType = parsed.isIndex() ? parsed.index().artifactType()
                    : parsed.manifest().artifactType() != null ? parsed.manifest().artifactType()
                    : parsed.manifest().config() == null ? null : parsed.manifest().config().mediaType();
            Map<String, String> annotations = parsed.isIndex() ? parsed.index().annotations() : parsed.manifest().annotations();
            found.put(candidate.digest(), new Descriptor(parsed.mediaType(), candidate.digest(), candidate.size(), null,
                    annotations, null, artifactType, null));
        }
        return List.copyOf(found.values());
    }

    private boolean has(Descriptor descriptor) throws IOException {
        return tree.exists(OciLayout.blobPath(descriptor.digest()));
    }

    @Override
    public InputStream openBlob(Descriptor descriptor) throws IOException {
        String path = OciLayout.blobPath(descriptor.digest());
        if (!tree.exists(path)) {
            throw new NotFoundException("blob " + descriptor.digest() + " (" + descriptor.mediaType()
                    + ") is missing from " + name + ": no file " + path);
        }
        return tree.open(path);
    }

    @Override
    public String locate(Descriptor descriptor) {
        return OciLayout.blobPath(descriptor.digest());
    }

    @Override
    public void close() throws IOException {
        tree.close();
    }
}
