package dev.gantry.copy;

import dev.gantry.oci.Descriptor;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Tells a {@link CopyListener} how far a blob's bytes have come, as they are read. Targets that
 * act on the source's own stream type (a registry mounting a blob of the same host) look
 * through it with {@link #unwrap}.
 */
public final class ReportingInputStream extends FilterInputStream {
    private final Descriptor blob;
    private final CopyListener listener;
    private long done;

    ReportingInputStream(InputStream in, Descriptor blob, long offset, CopyListener listener) {
        super(in);
        this.blob = blob;
        this.done = offset;
        this.listener = listener;
    }

    /**
     * {@return the stream the copier wrapped, or {@code in} itself}
     *
     * @param in a stream a target was given to store
     */
    public static InputStream unwrap(InputStream in) {
        return in instanceof ReportingInputStream reporting ? reporting.in : in;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            listener.progressed(blob, ++done);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            done += n;
            listener.progressed(blob, done);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        done += skipped;
        return skipped;
    }
}
