package dev.gantry.registry.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * One upload chunk held in memory, in pieces of {@value #PIECE} bytes that are filled again for
 * each chunk of a blob. Pieces, not one array: a 16 MiB array is a humongous object to G1 at a
 * 256 MiB heap (each one starts a concurrent cycle), and the pieces go to the HTTP client as they
 * are, without being copied into its own buffers.
 */
final class ChunkBuffer implements AutoCloseable {
    /** Below half a G1 region at small heaps (regions are 1 MiB there), so pieces are ordinary objects. */
    static final int PIECE = 256 << 10;
    /**
     * Chunks in memory at once may take a third of the heap, in KiB: with {@code --jobs 16} and big
     * layers, sixteen 16 MiB chunks would not fit a 256 MiB heap, so the uploads beyond the budget
     * wait for a chunk to be freed instead of failing with OutOfMemoryError.
     */
    private static final int BUDGET_KIB = (int) Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / 3 / 1024);
    private static final Semaphore BUDGET = new Semaphore(BUDGET_KIB);
    private final int capacity;
    private final byte[][] pieces;
    private final Semaphore budget;
    private final int reservedKib;
    private int length;

    /** Waits until the chunk fits the budget (a chunk larger than the whole budget waits for all of it). */
    ChunkBuffer(int capacity) throws InterruptedIOException {
        this(capacity, BUDGET, BUDGET_KIB);
    }

    ChunkBuffer(int capacity, Semaphore budget, int budgetKib) throws InterruptedIOException {
        this.capacity = capacity;
        this.budget = budget;
        reservedKib = (int) Math.min(budgetKib, (capacity + 1023L) / 1024);
        try {
            budget.acquire(reservedKib);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for memory for an upload chunk");
        }
        pieces = new byte[(capacity + PIECE - 1) / PIECE][];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = new byte[Math.min(PIECE, capacity - i * PIECE)];
        }
    }

    /** Replaces the content with the next {@code count} bytes of {@code in}; false if it ends first. */
    boolean fill(InputStream in, int count) throws IOException {
        if (count > capacity) {
            throw new IllegalArgumentException(count + " bytes do not fit the chunk");
        }
        length = 0;
        for (int i = 0; length < count; i++) {
            int want = Math.min(pieces[i].length, count - length);
            int got = in.readNBytes(pieces[i], 0, want);
            length += got;
            if (got < want) {
                return false;
            }
        }
        return true;
    }

    int length() {
        return length;
    }

    @Override
    public void close() {
        budget.release(reservedKib);
    }

    /** Views of the content from {@code offset} on (the HTTP client only reads them). */
    List<ByteBuffer> from(int offset) {
        List<ByteBuffer> views = new ArrayList<>(pieces.length);
        for (int start = 0, i = 0; start < length; start += pieces[i].length, i++) {
            int end = Math.min(start + pieces[i].length, length);
            if (end > offset) {
                int skip = Math.max(0, offset - start);
                views.add(ByteBuffer.wrap(pieces[i], skip, end - start - skip));
            }
        }
        return views;
    }
}
