package dev.gantry.image;

import dev.gantry.digest.Digest;
import dev.gantry.oci.Descriptor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** Layer values that do not come from a source: a file, or a stream spooled to one. */
public final class Layers {
    private Layers() {
    }

    /**
     * The file as a layer blob, stored byte for byte (a tar, or a gzip/zstd tar, detected from
     * its bytes). Its digest and diff_id are computed on first use, once; the file must stay
     * unchanged until the image using it is written.
     *
     * @param file a tar, or a gzip/zstd tar
     * @return the layer; {@link Layer#descriptor()} and {@link Layer#diffId()} read the whole file
     *         once, and throw its {@link IOException} (a missing file is a {@link java.nio.file.NoSuchFileException})
     */
    public static Layer fromFile(Path file) {
        return new FileLayer(Objects.requireNonNull(file, "file"), null, null);
    }

    /**
     * A file whose digests the caller measured while writing it (as {@code LayerWriter} does); nothing is
     * recomputed, but reads are still verified against {@code blob}.
     *
     * @param file   the layer blob
     * @param blob   its descriptor: media type, digest and size of the file's bytes
     * @param diffId the digest of its uncompressed tar
     * @return the layer
     */
    public static Layer fromFile(Path file, Descriptor blob, Digest diffId) {
        return new FileLayer(Objects.requireNonNull(file, "file"), Objects.requireNonNull(blob, "blob"),
                Objects.requireNonNull(diffId, "diffId"));
    }

    /**
     * A one-shot stream (a tar, or a compressed one) as a layer: copied now into a new file under
     * {@code tempDir}, never into memory (a stream cannot be read twice, and the digests are
     * needed before the bytes are written). {@code tempDir} is the caller's to clean.
     *
     * @param content the layer's bytes, read to its end (not closed)
     * @param tempDir where the copy goes, created when missing
     * @return the layer over the copy
     * @throws IOException when reading or writing fails; the partial copy is then deleted
     */
    public static Layer fromStream(InputStream content, Path tempDir) throws IOException {
        Files.createDirectories(tempDir);
        Path file = Files.createTempFile(tempDir, "gantry-layer-", ".blob");
        try {
            Files.copy(content, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return fromFile(file);
    }
}
