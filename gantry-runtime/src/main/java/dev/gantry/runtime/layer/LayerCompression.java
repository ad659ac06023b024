package dev.gantry.runtime.layer;

import com.github.luben.zstd.ZstdOutputStream;
import dev.gantry.error.InvalidInputException;
import dev.gantry.layer.Compression;
import dev.gantry.oci.MediaTypes;
import dev.gantry.transport.ManifestFormat;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * How a new layer is compressed: gzip (the default, readable everywhere), zstd (OCI only) or none, at a level,
 * on a number of threads. Every choice gives the same bytes for the same tar whatever the thread timing.
 *
 * @param kind    gzip, zstd or none
 * @param level   1-9 for gzip, 1-19 for zstd; ignored for none
 * @param threads how many threads compress (at least 1); the output does not depend on it for gzip
 */
public record LayerCompression(Compression kind, int level, int threads) {
    /** gzip's usual default; level 1 writes ~3x faster (LIMITS.md: 99 vs 31 MB/s) for a larger layer. */
    public static final int DEFAULT_GZIP_LEVEL = 6;
    /** zstd's own default level. */
    public static final int DEFAULT_ZSTD_LEVEL = 3;

    /**
     * Checks the level for the kind and the thread count.
     *
     * @throws dev.gantry.error.InvalidInputException when the level is out of range for the kind, or
     *         {@code threads} is below 1
     */
    public LayerCompression {
        if (kind == Compression.GZIP && (level < 1 || level > 9)) {
            throw new InvalidInputException("gzip level " + level + " is not between 1 and 9");
        }
        if (kind == Compression.ZSTD && (level < 1 || level > 19)) {
            throw new InvalidInputException("zstd level " + level + " is not between 1 and 19");
        }
        if (threads < 1) {
            throw new InvalidInputException("compression threads must be at least 1, got " + threads);
        }
    }

    /**
     * gzip at {@code level}, on as many threads as there are processors.
     *
     * @param level 1 (fastest) to 9 (smallest)
     * @return the compression
     * @throws dev.gantry.error.InvalidInputException when the level is out of range
     */
    public static LayerCompression gzip(int level) {
        return new LayerCompression(Compression.GZIP, level, Runtime.getRuntime().availableProcessors());
    }

    /**
     * gzip at {@link #DEFAULT_GZIP_LEVEL} on every processor: what layers get unless asked otherwise.
     *
     * @return the compression
     */
    public static LayerCompression defaults() {
        return gzip(DEFAULT_GZIP_LEVEL);
    }

    /**
     * The same compression on another number of threads.
     *
     * @param n threads, at least 1
     * @return a copy with {@code threads} changed
     * @throws dev.gantry.error.InvalidInputException when {@code n} is below 1
     */
    public LayerCompression withThreads(int n) {
        return new LayerCompression(kind, level, n);
    }

    /**
     * The layer media type for a target writing {@code format}.
     *
     * @param format the target's manifest format
     * @return the OCI layer type, or its Docker equivalent for Docker targets
     * @throws dev.gantry.error.UnsupportedFormatException when zstd is asked for a Docker target (Docker
     *         schema2 has no zstd layer type)
     */
    public String mediaType(ManifestFormat format) {
        String oci = switch (kind) {
            case GZIP -> MediaTypes.OCI_LAYER_GZIP;
            case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
            case NONE -> MediaTypes.OCI_LAYER;
        };
        return format == ManifestFormat.DOCKER ? MediaTypes.toDocker(oci) : oci;
    }

    /** A compressing stream over {@code out}; closing it finishes the compressed stream but leaves {@code out} open. */
    OutputStream compress(OutputStream out) throws IOException {
        OutputStream keepOpen = new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
        return switch (kind) {
            case GZIP -> new ParallelGzipOutputStream(keepOpen, level, threads);
            case ZSTD -> {
                ZstdOutputStream zstd = new ZstdOutputStream(keepOpen, level);
                if (threads > 1) {
                    zstd.setWorkers(threads); // zstd's multi-threaded output depends on the settings, not on timing
                }
                yield zstd;
            }
            case NONE -> keepOpen;
        };
    }
}
