package dev.gantry.runtime.apply;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream on a background thread, a few chunks ahead, so that inflating and hashing a
 * layer overlaps with writing its files (the two halves of an unpack cost about the same).
 * Memory is bounded: {@code depth} chunks of {@code chunkSize} bytes, recycled (a chunk under
 * half a G1 region is an ordinary allocation; 1 MiB ones were humongous and cost GC time in a
 * 256 MiB heap). A failure of the source
 * (a corrupt gzip, a digest mismatch, the expansion limit) is rethrown by the read that
 * reaches it, in order, after every byte read before it.
 */
final class PrefetchInputStream extends InputStream {
    private static final byte[] END = new byte[0];

    private final BlockingQueue<Object> queue;
    private final BlockingQueue<byte[]> free;
    private final int chunkSize;
    private final Thread producer;
    private byte[] current = END;
    private int position;
    private boolean finished;
    private volatile boolean closed;

    PrefetchInputStream(InputStream source, String name, int chunkSize, int depth) {
        this.queue = new ArrayBlockingQueue<>(depth + 1);
        this.free = new ArrayBlockingQueue<>(depth + 2);
        this.chunkSize = chunkSize;
        this.producer = Thread.ofPlatform().name(name).daemon().unstarted(() -> produce(source, chunkSize));
        producer.start();
    }

    private void produce(InputStream source, int chunkSize) {
        try (source) {
            while (!closed) {
                byte[] chunk = free.poll();
                if (chunk == null) {
                    chunk = new byte[chunkSize];
                }
                int filled = 0;
                try {
                    int n;
                    while (filled < chunkSize && (n = source.read(chunk, filled, chunkSize - filled)) >= 0) {
                        filled += n;
                    }
                } catch (IOException | RuntimeException failure) {
                    // Hand over what was read before the failure, so the consumer fails at the
                    // entry the damage is in rather than at an earlier one.
                    if (filled > 0) {
                        queue.put(Arrays.copyOf(chunk, filled));
                    }
                    throw failure;
                }
                if (filled > 0) {
                    queue.put(filled == chunkSize ? chunk : Arrays.copyOf(chunk, filled));
                }
                if (filled < chunkSize) {
                    break; // the source ended (and so verified itself)
                }
            }
            queue.put(END);
        } catch (InterruptedException e) {
            // closed by the consumer
        } catch (IOException | RuntimeException | Error e) {
            try {
                queue.put(e);
            } catch (InterruptedException ignored) {
                // closed by the consumer
            }
        }
    }

    private boolean fill() throws IOException {
        if (finished) {
            return false;
        }
        Object next;
        try {
            next = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading a layer");
        }
        if (next == END) {
            finished = true;
            current = END;
            return false;
        }
        if (next instanceof IOException io) {
            finished = true;
            throw io;
        }
        if (next instanceof RuntimeException re) {
            finished = true;
            throw re;
        }
        if (next instanceof Error err) {
            finished = true;
            throw err;
        }
        if (current.length == chunkSize) {
            free.offer(current); // done with it: the producer may refill it
        }
        current = (byte[]) next;
        position = 0;
        return true;
    }

    @Override
    public int read() throws IOException {
        while (position >= current.length) {
            if (!fill()) {
                return -1;
            }
        }
        return current[position++] & 0xff;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (position >= current.length) {
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, buf, off, n);
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        producer.interrupt();
        queue.clear();
        try {
            producer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.clear();
        current = END;
    }
}
