package dev.gantry.transport.layout;

import dev.gantry.error.NotFoundException;
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
    private final FileTree tree;
    private final String name;
    private final ImageIndex index;
    private final String tag;
    private Descriptor root;

    /**
     * @param name how the source calls itself, e.g. "oci:/tmp/x:latest"
     * @param tag  the ref.name to resolve, a digest, or null for the only image
     */
    public LayoutSource(FileTree tree, String name, String tag) throws IOException {
        this.tree = tree;
        this.name = name;
        this.index = OciLayout.readIndex(tree);
        this.tag = tag;
    }

    @Override
    public String describe() {
        return name;
    }

    /** Resolved on first use, so listing the tags of a many-image layout needs no tag. */
    @Override
    public synchronized Descriptor root() {
        if (root == null) {
            root = OciLayout.resolve(index, tag, name);
        }
        return root;
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
