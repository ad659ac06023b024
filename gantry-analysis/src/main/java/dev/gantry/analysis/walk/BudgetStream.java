package dev.gantry.analysis.walk;

import dev.gantry.error.LimitExceededException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The uncompressed tar under the tar reader: counts every byte against the layer's budget, and,
 * while the walker has it in header mode, the bytes of one entry's headers against the metadata bound.
 * Skips are reads, so skipped file content counts too.
 */
final class BudgetStream extends FilterInputStream {
    /** Record padding and the end-of-archive blocks (up to a 10 KiB tar block) are read as headers too. */
    private static final long SLACK = 16 << 10;
    private final String what;
    private final long budget;
    private final int maxMetadata;
    private final byte[] scratch = new byte[1 << 16];
    private long total;
    private long headerBytes = -1;

    BudgetStream(InputStream in, String what, long budget, int maxMetadata) {
        super(in);
        this.what = what;
        this.budget = budget;
        this.maxMetadata = maxMetadata;
    }

    /** Start counting header bytes (before the reader looks for the next entry). */
    void headers() {
        headerBytes = 0;
    }

    /** Stop counting header bytes (the reader is inside an entry's content). */
    void content() {
        headerBytes = -1;
    }

    long total() {
        return total;
    }

    @Override
    public int read() throws IOException {
        int n = read(scratch, 0, 1);
        return n < 0 ? -1 : scratch[0] & 0xff;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = in.read(buf, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        int r = read(scratch, 0, (int) Math.min(n, scratch.length));
        return Math.max(r, 0);
    }

    private void count(int n) {
        total += n;
        if (total > budget) {
            throw new LimitExceededException(what + " inflates past " + budget
                    + " bytes, the limit for its stored size (a decompression bomb?); raise the expansion ratio if the image is genuine");
        }
        if (headerBytes >= 0) {
            headerBytes += n;
            if (headerBytes > maxMetadata + SLACK) {
                throw new LimitExceededException(what + ": the tar headers before one entry exceed " + maxMetadata
                        + " bytes (oversized PAX or long-name records); the layer is malformed or hostile");
            }
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
