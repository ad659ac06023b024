package dev.gantry.registry.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One upload chunk held in memory, in pieces of {@value #PIECE} bytes that are filled again for
 * each chunk of a blob. Pieces, not one array: a 16 MiB array is a humongous object to G1 at a
 * 256 MiB heap (each one starts a concurrent cycle), and the pieces go to the HTTP client as they
 * are, without being copied into its own buffers.
 */
final class ChunkBuffer {
    /** Below half a G1 region at small heaps (regions are 1 MiB there), so pieces are ordinary objects. */
    static final int PIECE = 256 << 10;
    private final byte[][] pieces;
    private int length;

    ChunkBuffer(int capacity) {
        pieces = new byte[(capacity + PIECE - 1) / PIECE][];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = new byte[Math.min(PIECE, capacity - i * PIECE)];
        }
    }

    /** Replaces the content with the next {@code count} bytes of {@code in}; false if it ends first. */
    boolean fill(InputStream in, int count) throws IOException {
        if (count > (long) PIECE * (pieces.length - 1) + pieces[pieces.length - 1].length) {
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
