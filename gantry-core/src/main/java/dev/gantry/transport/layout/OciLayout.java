package dev.gantry.transport.layout;

import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.LimitExceededException;
import dev.gantry.error.NotFoundException;
import dev.gantry.error.UnsupportedFormatException;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageIndex;
import dev.gantry.oci.Json;
import dev.gantry.oci.Manifests;
import dev.gantry.oci.MediaTypes;
import dev.gantry.oci.OciJsonReader;
import dev.gantry.transport.files.FileTree;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** image-layout.md: the file names of an OCI layout and how its index.json names images. */
public final class OciLayout {
    /** The file marking a directory (or archive) as an OCI layout; it holds {@link #LAYOUT_CONTENT}. */
    public static final String LAYOUT_FILE = "oci-layout";
    /** The layout's index, naming each image it holds. */
    public static final String INDEX_FILE = "index.json";
    /** The annotation giving an index.json entry its tag, as skopeo and umoci write it. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    /** containerd and Docker 25+ put the full image name here. */
    public static final String CONTAINERD_IMAGE_NAME = "io.containerd.image.name";
    /** The {@code oci-layout} content Gantry writes: version 1.0.0. */
    public static final byte[] LAYOUT_CONTENT = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    /** index.json can list many tags; allow more than a single manifest's limit. */
    static final int MAX_INDEX_BYTES = 4 * Json.MAX_MANIFEST_BYTES;

    private OciLayout() {
    }

    /**
     * {@return the path of a blob in a layout: {@code blobs/ALG/HEX}}
     *
     * @param digest the blob's digest (validated, so the path cannot leave the layout)
     */
    public static String blobPath(Digest digest) {
        return "blobs/" + digest.algorithm().id() + "/" + digest.hex();
    }

    /**
     * {@return the digest a "blobs/ALG/HEX" path names (a content-addressed file's name is its claim), or null for any other path}
     *
     * @param path a path inside a layout
     * @throws InvalidInputException when the path has that shape but the name is not a valid digest
     */
    public static Digest digestOfBlobPath(String path) {
        String[] parts = path.split("/");
        if (parts.length != 3 || !parts[0].equals("blobs")) {
            return null;
        }
        return Digest.parse(parts[1] + ":" + parts[2]);
    }

    /**
     * {@return true when the tree has an oci-layout file and an index.json}
     *
     * @param tree a directory or archive
     * @throws IOException when the tree cannot be read
     */
    @SuppressWarnings("exports") // file trees are core-internal: other modules open locations through Transports
    public static boolean isLayout(FileTree tree) throws IOException {
        return tree.exists(LAYOUT_FILE) && tree.exists(INDEX_FILE);
    }

    /**
     * Reads and checks oci-layout and index.json; the index passes the same checks as any index.
     *
     * @param tree the layout
     * @return its index
     * @throws InvalidInputException      when a file is missing or malformed
     * @throws UnsupportedFormatException when the layout version is not 1.x
     * @throws LimitExceededException     when index.json is over 16 MiB
     * @throws IOException                when the files cannot be read
     */
    @SuppressWarnings("exports") // file trees are core-internal: other modules open locations through Transports
    public static ImageIndex readIndex(FileTree tree) throws IOException {
        if (!tree.exists(LAYOUT_FILE)) {
            throw new InvalidInputException(tree.describe() + " is not an OCI image layout: it has no oci-layout file");
        }
        try (InputStream in = tree.open(LAYOUT_FILE)) {
            String what = "oci-layout in " + tree.describe();
            String version = OciJsonReader.topLevelString(Json.readBounded(in, 64 * 1024, what), "imageLayoutVersion", what);
            if (!version.startsWith("1.")) {
                throw new UnsupportedFormatException(tree.describe() + ": unsupported imageLayoutVersion '" + version + "'");
            }
        }
        if (!tree.exists(INDEX_FILE)) {
            throw new InvalidInputException(tree.describe() + " is not an OCI image layout: it has no index.json");
        }
        String where = "index.json in " + tree.describe();
        long size = tree.size(INDEX_FILE);
        if (size > MAX_INDEX_BYTES) {
            // Refuse by the stored size, before reading a byte of it.
            throw new LimitExceededException(where + " is " + size + " bytes, over the "
                    + Json.describeSize(MAX_INDEX_BYTES) + " limit for index.json");
        }
        byte[] raw;
        try (InputStream in = tree.open(INDEX_FILE)) {
            raw = Json.readBounded(in, MAX_INDEX_BYTES, where);
        }
        // index.json is an image index (image-layout.md): the same rules as any index, ambiguity included.
        return Manifests.parse(raw, MediaTypes.OCI_INDEX, where).index();
    }

    /**
     * {@return the name an index.json entry is known by: its ref.name, else the containerd image name; null for neither}
     *
     * @param d an entry of index.json
     */
    public static String nameOf(Descriptor d) {
        String ref = d.annotation(REF_NAME);
        return ref != null ? ref : d.annotation(CONTAINERD_IMAGE_NAME);
    }

    /**
     * Finds the entry a tag names. A null tag picks the only entry. (A digest is resolved by
     * {@link LayoutSource}, which can read the indexes the entries name.)
     * Errors list what the layout holds.
     *
     * @param index the layout's index
     * @param tag   the ref.name (or containerd name) wanted, or null for the only image
     * @param where names the layout in errors
     * @return the entry
     * @throws NotFoundException when no entry has the tag, or a null tag meets zero or several entries
     */
    public static Descriptor resolve(ImageIndex index, String tag, String where) {
        List<Descriptor> entries = index.manifests();
        if (tag == null || tag.isEmpty()) {
            if (entries.size() == 1) {
                return entries.get(0);
            }
            if (entries.isEmpty()) {
                throw new NotFoundException(where + " holds no images");
            }
            throw new NotFoundException(where + " holds " + entries.size() + " images; name one: " + String.join(", ", names(index)));
        }
        for (Descriptor d : entries) {
            if (tag.equals(d.annotation(REF_NAME)) || tag.equals(d.annotation(CONTAINERD_IMAGE_NAME))) {
                return d;
            }
        }
        throw new NotFoundException("tag '" + tag + "' not found in " + where + "; it has: "
                + (entries.isEmpty() ? "no images" : String.join(", ", names(index))));
    }

    /**
     * {@return true when a selector is a digest (sha256:HEX, sha512:HEX) rather than a tag}
     *
     * @param selector what follows the layout's path, or null
     */
    public static boolean isDigest(String selector) {
        if (selector == null || !selector.startsWith("sha") || !selector.contains(":")) {
            return false;
        }
        try {
            Digest.parse(selector);
            return true;
        } catch (InvalidInputException notADigest) {
            return false;
        }
    }

    /**
     * {@return every entry's name in index order ({@code @DIGEST} for an unnamed one), for listings and "it has:" messages}
     *
     * @param index the layout's index
     */
    public static List<String> names(ImageIndex index) {
        List<String> names = new ArrayList<>();
        for (Descriptor d : index.manifests()) {
            String name = nameOf(d);
            names.add(name != null ? name : "@" + d.digest());
        }
        return names;
    }
}
