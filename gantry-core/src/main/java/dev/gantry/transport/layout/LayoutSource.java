package dev.gantry.transport.layout;

import dev.gantry.digest.Digest;
import dev.gantry.error.NotFoundException;
import dev.gantry.oci.Manifests;
import dev.gantry.oci.MediaTypes;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageIndex;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TagLister;
import dev.gantry.transport.files.FileTree;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

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
