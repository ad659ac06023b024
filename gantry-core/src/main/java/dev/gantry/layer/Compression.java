package dev.gantry.layer;

import com.github.luben.zstd.ZstdInputStream;
import dev.gantry.oci.MediaTypes;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Layer compressions, recognised by their magic bytes rather than trusted from media types. */
public enum Compression {
    /** A plain tar. */
    NONE,
    /** gzip (magic {@code 1f 8b}), the common case. */
    GZIP,
    /** zstd (magic {@code 28 b5 2f fd}), OCI only. */
    ZSTD;

    private static final int BUFFER = 64 * 1024;

    /**
     * {@return what the media type claims; a media type is only a claim, so readers use {@link #detect}}
     *
     * @param mediaType a layer type of either family, or null (which claims nothing: NONE)
     */
    public static Compression ofMediaType(String mediaType) {
        if (mediaType == null) {
            return NONE;
        }
        if (mediaType.endsWith("+gzip") || mediaType.endsWith(".gzip")) {
            return GZIP;
        }
        if (mediaType.endsWith("+zstd") || mediaType.endsWith(".zstd")) {
            return ZSTD;
        }
        return NONE;
    }

    /**
     * {@return what the first bytes say: GZIP or ZSTD by their magic numbers, NONE otherwise}
     *
     * @param head the content's first bytes
     * @param len  how many of them are valid
     */
    public static Compression ofMagic(byte[] head, int len) {
        if (len >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (len >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5
                && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    /**
     * Peeks at a stream without consuming it; the stream must support mark/reset.
     *
     * @param in the content, e.g. a {@link BufferedInputStream}
     * @return the compression its first four bytes show
     * @throws IOException when reading or resetting fails
     */
    public static Compression detect(InputStream in) throws IOException {
        in.mark(4);
        byte[] head = in.readNBytes(4);
        in.reset();
        return ofMagic(head, head.length);
    }

    /**
     * Wraps a compressed stream in its decompressor (the stream itself for NONE).
     *
     * @param in the compressed content, positioned at its start
     * @return the uncompressed content; closing it closes {@code in}
     * @throws IOException when the decompressor cannot read its header
     */
    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, BUFFER);
            case ZSTD -> new ZstdInputStream(in);
        };
    }

    /**
     * Detects the compression from the content and returns the uncompressed stream.
     *
     * @param raw the stored content, compressed or not
     * @return the uncompressed content; closing it closes {@code raw}
     * @throws IOException when reading the first bytes or the decompressor's header fails
     */
    public static InputStream autoDecompress(InputStream raw) throws IOException {
        BufferedInputStream buffered = raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw, BUFFER);
        return detect(buffered).decompress(buffered);
    }

    /** {@return the OCI layer media type for this compression, as a writer of a new layer names it} */
    public String ociLayerType() {
        return switch (this) {
            case NONE -> MediaTypes.OCI_LAYER;
            case GZIP -> MediaTypes.OCI_LAYER_GZIP;
            case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
        };
    }
}
