package dev.gantry.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures layers' uncompressed sizes, which no manifest records, by streaming each layer
 * through its decompressor (verifying its digest on the way); layers are measured in parallel.
 */
public final class UncompressedSizes {
    private UncompressedSizes() {
    }

    public static long[] measure(List<Layer> layers) throws IOException {
        long[] sizes = new long[layers.size()];
        int threads = Math.max(1, Math.min(layers.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "gantry-measure");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<?>[] futures = new Future<?>[layers.size()];
            for (int i = 0; i < layers.size(); i++) {
                int n = i;
                futures[i] = pool.submit(() -> {
                    sizes[n] = measure(layers.get(n));
                    return null;
                });
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while measuring layers", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
        } finally {
            pool.shutdownNow();
        }
        return sizes;
    }

    public static long measure(Layer layer) throws IOException {
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
