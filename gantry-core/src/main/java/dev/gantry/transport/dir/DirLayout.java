package dev.gantry.transport.dir;

import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.UnsupportedFormatException;
import dev.gantry.oci.Json;
import dev.gantry.transport.files.FileTree;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The file names of skopeo's {@code dir:} form (containers/image {@code directory}): one image
 * or index per directory, {@code manifest.json} the root, every blob named by its digest's hex,
 * each manifest an index names as {@code HEX.manifest.json}, and a {@code version} file.
 */
public final class DirLayout {
    /** The root manifest (or index), which names the image the directory holds. */
    public static final String MANIFEST_FILE = "manifest.json";
    /** The file saying which version of the format the directory follows ({@link #VERSION_CONTENT}). */
    public static final String VERSION_FILE = "version";
    /** What containers/image 5.x writes (skopeo 1.9 included) and reads. */
    public static final byte[] VERSION_CONTENT = "Directory Transport Version: 1.1\n".getBytes(StandardCharsets.UTF_8);
    private static final String VERSION_PREFIX = "Directory Transport Version: 1.";
    /** A file this transport names by digest (blob, child manifest) or a signature containers/image stored beside them. */
    private static final Pattern OWNED = Pattern.compile("([0-9a-f]{64}|[0-9a-f]{128})(\\.manifest\\.json)?|signature-[0-9]+");

    private DirLayout() {
    }

    /**
     * {@return a blob's file: the digest's hex alone, as containers/image names it (its algorithms differ in length)}
     *
     * @param digest the blob's digest
     */
    public static String blobPath(Digest digest) {
        return digest.hex();
    }

    /**
     * {@return the file of a manifest an index names (not the root), as containers/image stores it beside the blobs}
     *
     * @param digest the manifest's digest
     */
    public static String manifestPath(Digest digest) {
        return digest.hex() + ".manifest.json";
    }

    /** True for the names a write of this transport replaces: blobs, child manifests, signatures. */
    static boolean isOwned(String fileName) {
        return OWNED.matcher(fileName).matches();
    }

    /** Refuses a version file of another major version, so a format we do not know is never misread. */
    static void checkVersion(FileTree tree) throws IOException {
        if (!tree.exists(VERSION_FILE)) {
            return; // containers/image does not require it when reading either
        }
        String version;
        try (InputStream in = tree.open(VERSION_FILE)) {
            version = new String(Json.readBounded(in, 1024, "version in " + tree.describe()), StandardCharsets.UTF_8);
        }
        if (!version.startsWith(VERSION_PREFIX)) {
            throw new UnsupportedFormatException(tree.describe() + ": unsupported directory transport version '"
                    + version.strip() + "' (expected " + VERSION_PREFIX + "x)");
        }
    }

    static InvalidInputException notADir(FileTree tree, String why) {
        return new InvalidInputException(tree.describe() + " is not a dir: image (skopeo's directory form): " + why);
    }
}
