package dev.gantry.analysis.packages;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that refuses to give more than a set number of bytes, counted over everything read
 * through it: the cap on what a reader of attacker-controlled files may inflate. Close does not
 * close the stream underneath (it belongs to the walker or an outer archive).
 */
final class BoundedInput extends FilterInputStream {
    /** Thrown on the first read past the cap. */
    static final class TooLargeException extends IOException {
        TooLargeException(String message) {
            super(message);
        }
    }

    private final long max;
    private final String what;
    private long count;

    BoundedInput(InputStream in, long max, String what) {
        super(in);
        this.max = max;
        this.what = what;
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // read, not skipped: skipping would let a reader pass bytes without counting them
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
        // the stream underneath belongs to the caller
    }

    private void add(long n) throws TooLargeException {
        count += n;
        if (count > max) {
            throw new TooLargeException(what + " is larger than " + max + " bytes; not read further");
        }
    }
}
