package dev.gantry.registry.client;

import java.io.IOException;
import java.io.InputStream;

/** The next {@code length} bytes of a stream that stays open for the following slices (one upload chunk). */
final class SliceStream extends InputStream {
    private final InputStream in;
    private long left;

    SliceStream(InputStream in, long length) {
        this.in = in;
        this.left = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (left <= 0) {
            return -1;
        }
        int n = in.read(buf, off, (int) Math.min(len, left));
        if (n > 0) {
            left -= n;
        }
        return n;
    }

    @Override
    public void close() {
        // The underlying stream carries on into the next chunk.
    }
}
