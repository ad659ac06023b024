package dev.gantry.runtime.layer;

import dev.gantry.oci.Descriptor;
import dev.gantry.transport.ManifestFormat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns tar content into a layer blob in a temporary file, in one pass: the tar is hashed
 * (diff_id) on its way into the compressor and the compressed bytes are hashed (blob digest)
 * and counted on their way to the file, so nothing is read twice or held in memory.
 */
public final class LayerWriter {
    private static final int BUFFER = 1 << 16;

    private final LayerCompression compression;
    private final ManifestFormat format;

    /**
     * A writer of layers for one target format; an impossible pairing is refused here, before any work.
     *
     * @param compression how the layer is compressed
     * @param format      the target's manifest format, which decides the layer media type
     * @throws dev.gantry.error.UnsupportedFormatException when zstd is asked for a Docker target
     */
    public LayerWriter(LayerCompression compression, ManifestFormat format) {
        this.compression = compression;
        this.format = format;
        compression.mediaType(format); // refuse zstd for Docker now, before any work
    }

    /**
     * Writes the layer into a new file under {@code tempDir} in one pass, hashing the tar (diff_id) and the
     * compressed bytes (blob digest) on the way. The file is deleted again when anything fails; otherwise the
     * caller deletes it.
     *
     * @param content the tar to write
     * @param tempDir the directory for the layer file (created when missing)
     * @return the layer, with its descriptor, diff_id and file
     * @throws IOException when the content or the file fails
     */
    public WrittenLayer write(TarContent content, Path tempDir) throws IOException {
        Files.createDirectories(tempDir);
        Path file = Files.createTempFile(tempDir, "gantry-layer-", ".blob");
        try {
            HashingOutputStream stored;
            HashingOutputStream uncompressed;
            try (OutputStream sink = new BufferedOutputStream(Files.newOutputStream(file), BUFFER)) {
                stored = new HashingOutputStream(sink);
                try (OutputStream compressor = compression.compress(stored)) {
                    uncompressed = new HashingOutputStream(new BufferedOutputStream(compressor, BUFFER));
                    content.writeTo(uncompressed);
                    uncompressed.flush();
                }
            }
            Descriptor blob = new Descriptor(compression.mediaType(format), stored.digest(), stored.count());
            return new WrittenLayer(blob, uncompressed.digest(), file);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }
}
