package dev.gantry.runtime.layer;

import dev.gantry.concurrent.WorkerPool;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip compression on several threads, pigz-style, giving one ordinary gzip member. The input
 * is cut into 1 MiB blocks; each is deflated on its own (raw deflate, primed with the previous
 * block's last 32 KiB as a preset dictionary, ended with a sync flush so it stops on a byte
 * boundary), and the pieces are written in order between one header and one trailer whose CRC
 * and size cover the whole input.
 *
 * <p>Why not concatenated gzip members (one per block)? They are valid gzip, but the JDK's
 * {@code GZIPInputStream} before 23 stops after the first member when the stream underneath
 * reports nothing {@code available()} (a network stream), so a Java 21 reader could see a
 * truncated layer. One member is read the same by every inflater.
 *
 * <p>Deterministic: each block's bytes depend only on its input, its dictionary and the level,
 * never on thread timing or the number of threads. Memory: at most {@code 2 x threads + 1}
 * blocks of input and their output are held, and reused.
 */
public final class ParallelGzipOutputStream extends OutputStream {
    static final int BLOCK = 1 << 20;
    private static final int WINDOW = 32 * 1024;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final OutputStream out;
    private final int level;
    private final WorkerPool pool;
    private final int maxPending;
    private final ArrayDeque<Future<Piece>> pending = new ArrayDeque<>();
    // Blocks are reused: a fresh 1 MiB array per block is a G1 "humongous" allocation, and
    // churning them cost more CPU in GC than the tar and hashing together (-Xmx256m).
    private final ArrayDeque<byte[]> freeInputs = new ArrayDeque<>();
    private final ArrayDeque<byte[]> freeOutputs = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private long size;
    private byte[] block = new byte[BLOCK];
    private int filled;
    private byte[] dictionary;
    private boolean finished;

    /**
     * A gzip stream over {@code out}; the gzip header is written at once. Closing it finishes the member and
     * closes {@code out}; {@link #finish()} leaves {@code out} open.
     *
     * @param out     where the gzip bytes go
     * @param level   deflate level 1-9
     * @param threads how many blocks are compressed at once; the bytes written do not depend on it
     * @throws IOException when writing the header fails
     */
    public ParallelGzipOutputStream(OutputStream out, int level, int threads) throws IOException {
        this.out = out;
        this.level = level;
        this.pool = new WorkerPool("gantry-gzip", threads);
        this.maxPending = 2 * Math.max(1, threads);
        out.write(HEADER);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, BLOCK - filled);
            System.arraycopy(b, off, block, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == BLOCK) {
                submit(false);
            }
        }
    }

    /**
     * Compresses what is left and writes the trailer; the stream underneath stays open. Later calls do nothing.
     *
     * @throws IOException when writing fails
     */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        submit(true);
        drain(0);
        int c = (int) crc.getValue();
        int s = (int) size; // ISIZE is the length modulo 2^32
        out.write(new byte[] {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24),
                (byte) s, (byte) (s >>> 8), (byte) (s >>> 16), (byte) (s >>> 24)});
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            pool.close();
            out.close();
        }
    }

    private void submit(boolean last) throws IOException {
        byte[] input = block;
        int length = filled;
        byte[] dict = dictionary;
        crc.update(input, 0, length);
        size += length;
        if (!last) {
            dictionary = Arrays.copyOfRange(input, length - WINDOW, length);
            block = freeInputs.isEmpty() ? new byte[BLOCK] : freeInputs.pop();
            filled = 0;
        }
        byte[] output = freeOutputs.isEmpty() ? new byte[BLOCK + (BLOCK >> 4) + 64] : freeOutputs.pop();
        pending.add(pool.submit(() -> deflate(input, length, dict, last, output)));
        drain(maxPending);
    }

    /** A compressed block: {@code length} bytes of {@code output}; both arrays go back to the free lists once written. */
    private record Piece(byte[] input, byte[] output, int length) {
    }

    /** Writes finished blocks, in order, until at most {@code keep} are outstanding. */
    private void drain(int keep) throws IOException {
        while (pending.size() > keep) {
            Future<Piece> next = pending.peek();
            WorkerPool.awaitAll(List.of(next));
            pending.poll();
            Piece piece = next.resultNow();
            out.write(piece.output(), 0, piece.length());
            freeOutputs.push(piece.output());
            if (piece.input() != block) {
                freeInputs.push(piece.input());
            }
        }
    }

    private Piece deflate(byte[] input, int length, byte[] dict, boolean last, byte[] output) {
        Deflater deflater = new Deflater(level, true);
        try {
            if (dict != null) {
                deflater.setDictionary(dict);
            }
            deflater.setInput(input, 0, length);
            if (last) {
                deflater.finish();
            }
            byte[] buf = output;
            int n = 0;
            while (true) {
                if (n == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                n += deflater.deflate(buf, n, buf.length - n, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
                // A sync flush is complete when it left room in the buffer; a finish when the deflater says so.
                if (last ? deflater.finished() : n < buf.length) {
                    return new Piece(input, buf, n);
                }
            }
        } finally {
            deflater.end();
        }
    }
}
