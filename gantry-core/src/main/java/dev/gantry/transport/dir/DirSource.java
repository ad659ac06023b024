package dev.gantry.transport.dir;

import dev.gantry.digest.Digest;
import dev.gantry.error.LimitExceededException;
import dev.gantry.error.NotFoundException;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Json;
import dev.gantry.oci.Manifests;
import dev.gantry.oci.MediaTypes;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.files.FileTree;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads skopeo's {@code dir:} form from a {@link FileTree}. The root is {@code manifest.json};
 * its descriptor is made from its bytes (the media type from the document, as containers/image
 * guesses it), so its digest is the one skopeo reports.
 */
public final class DirSource implements ImageSource {
    private final FileTree tree;
    private final String name;
    private final Descriptor root;

    /**
     * A source over a {@code dir:} directory; {@code version} and {@code manifest.json} are read and checked now.
     *
     * @param tree the directory
     * @param name how messages name it, e.g. {@code dir:/tmp/x}
     * @throws dev.gantry.error.InvalidInputException      when it is not a {@code dir:} image or its manifest is malformed
     * @throws dev.gantry.error.UnsupportedFormatException when its version is not 1.x
     * @throws IOException                                 when it cannot be read
     */
    @SuppressWarnings("exports") // file trees are core-internal: other modules open locations through Transports
    public DirSource(FileTree tree, String name) throws IOException {
        this.tree = tree;
        this.name = name;
        DirLayout.checkVersion(tree);
        long size = tree.size(DirLayout.MANIFEST_FILE);
        if (size < 0) {
            throw DirLayout.notADir(tree, "it has no " + DirLayout.MANIFEST_FILE);
        }
        String where = DirLayout.MANIFEST_FILE + " in " + name;
        if (size > Json.MAX_MANIFEST_BYTES) {
            throw new LimitExceededException(where + " is " + size + " bytes, over the "
                    + Json.describeSize(Json.MAX_MANIFEST_BYTES) + " limit for a manifest");
        }
        byte[] raw;
        try (InputStream in = tree.open(DirLayout.MANIFEST_FILE)) {
            raw = Json.readBounded(in, Json.MAX_MANIFEST_BYTES, where);
        }
        // The one gate every manifest passes; the digest is of the exact bytes stored.
        this.root = Manifests.parse(raw, null, where).descriptor();
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public Descriptor root() {
        return root;
    }

    @Override
    public InputStream openBlob(Descriptor descriptor) throws IOException {
        String path = locate(descriptor);
        if (!tree.exists(path)) {
            throw new NotFoundException((MediaTypes.isManifest(descriptor.mediaType()) ? "manifest " : "blob ")
                    + descriptor.digest() + " (" + descriptor.mediaType() + ") is missing from " + name + ": no file " + path);
        }
        return tree.open(path);
    }

    /** manifest.json for the root, HEX.manifest.json for a manifest an index names (HEX when only that exists), HEX otherwise. */
    @Override
    public String locate(Descriptor descriptor) {
        Digest digest = descriptor.digest();
        if (digest.equals(root.digest())) {
            return DirLayout.MANIFEST_FILE;
        }
        if (MediaTypes.isManifest(descriptor.mediaType())) {
            String manifest = DirLayout.manifestPath(digest);
            try {
                if (tree.exists(manifest)) {
                    return manifest;
                }
            } catch (IOException e) {
                return manifest; // opening it reports the failure
            }
        }
        return DirLayout.blobPath(digest);
    }

    @Override
    public void close() throws IOException {
        tree.close();
    }
}
