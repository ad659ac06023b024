package dev.gantry.image;

import dev.gantry.concurrent.WorkerPool;
import dev.gantry.layer.Compression;
import dev.gantry.oci.MediaTypes;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Measures layers' uncompressed sizes, which no manifest records, by streaming each layer
 * through its decompressor (verifying its digest on the way); layers are measured in parallel.
 */
public final class UncompressedSizes {
    private UncompressedSizes() {
    }

    /**
     * Measures several layers in parallel (one thread per core at most).
     *
     * @param layers the layers, in any order
     * @return each layer's uncompressed size, in the same order
     * @throws dev.gantry.error.DigestMismatchException when a layer's bytes are not what its digest names
     * @throws IOException                              when a layer cannot be read; the other measurements are cancelled
     */
    public static long[] measure(List<Layer> layers) throws IOException {
        long[] sizes = new long[layers.size()];
        int threads = Math.max(1, Math.min(layers.size(), Runtime.getRuntime().availableProcessors()));
        try (WorkerPool pool = new WorkerPool("gantry-measure", threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    sizes[n] = measure(layers.get(n));
                    return null;
                }));
            }
            WorkerPool.awaitAll(futures);
        }
        return sizes;
    }

    /**
     * Measures one layer by reading it through its decompressor; an uncompressed layer is its own size and is not read.
     *
     * @param layer the layer
     * @return the size of its uncompressed tar
     * @throws dev.gantry.error.DigestMismatchException when its bytes are not what its digest names
     * @throws IOException                              when it cannot be read
     */
    public static long measure(Layer layer) throws IOException {
        if (MediaTypes.isLayer(layer.mediaType()) && Compression.ofMediaType(layer.mediaType()) == Compression.NONE) {
            // An uncompressed layer is its own size; reading it would only re-count it (validate checks the claim).
            return layer.size();
        }
        byte[] buf = new byte[1 << 16];
        long total = 0;
        try (InputStream in = layer.openUncompressed()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
            }
        }
        return total;
    }
}
