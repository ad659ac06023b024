package dev.gantry.digest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes and counts every byte that passes through, so content is hashed once, while it is copied.
 * With no algorithm it only counts (a layer walk that has no digest to check pays for no hashing).
 */
public class DigestingInputStream extends FilterInputStream {
    private final DigestAlgorithm algorithm;
    private final MessageDigest hasher;
    // Volatile: an HTTP client reads the stream on its own thread while the uploader asks how far it got.
    private volatile long count;

    /**
     * Wraps a stream; nothing is read until the caller reads.
     *
     * @param in        the content
     * @param algorithm null to count without hashing
     */
    public DigestingInputStream(InputStream in, DigestAlgorithm algorithm) {
        super(in);
        this.algorithm = algorithm;
        this.hasher = algorithm == null ? null : algorithm.newHasher();
    }

    /**
     * Continues hashing and counting where another stream over the same content stopped.
     *
     * @param rest the content from byte {@code from.count()} on
     * @param from the hash of the bytes before it, as {@link #state()} gave it
     */
    protected DigestingInputStream(InputStream rest, HashState from) {
        super(rest);
        this.algorithm = from.algorithm();
        this.hasher = from.hasher();
        this.count = from.count();
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            if (hasher != null) {
                hasher.update((byte) b);
            }
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = in.read(buf, off, len);
        if (n > 0) {
            if (hasher != null) {
                hasher.update(buf, off, n);
            }
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must still be hashed; read them instead.
        if (n <= 0) {
            return 0;
        }
        byte[] buf = new byte[(int) Math.min(n, 64 * 1024)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
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
    public void mark(int readLimit) {
        // Not passed through: a reset would hash the replayed bytes twice.
    }

    @Override
    public void reset() throws IOException {
        throw new IOException("mark/reset is not supported: every byte read is hashed once");
    }

    /** {@return how many bytes have been read so far} */
    public long count() {
        return count;
    }

    /**
     * {@return the digest of everything read so far; normally asked once the stream is drained}
     * Asking does not disturb the running hash, so reading may go on.
     *
     * @throws IllegalStateException when the stream was made to count without hashing
     */
    public Digest digest() {
        if (hasher == null) {
            throw new IllegalStateException("this stream counts without hashing");
        }
        return Digest.fromHash(algorithm, snapshot(hasher).digest());
    }

    /**
     * The hash of everything read so far, to continue from later ({@link #DigestingInputStream(InputStream, HashState)}).
     *
     * @return a copy of the running hash and the count; reading on changes nothing in it
     * @throws IllegalStateException when the stream counts without hashing
     */
    public HashState state() {
        if (hasher == null) {
            throw new IllegalStateException("this stream counts without hashing");
        }
        return HashState.of(algorithm, hasher, count);
    }

    /** A copy to finish, so that asking for the digest neither resets nor ends the running hash. */
    static MessageDigest snapshot(MessageDigest hasher) {
        try {
            return (MessageDigest) hasher.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("JDK " + hasher.getAlgorithm() + " cannot be cloned", e);
        }
    }

    /**
     * Reads to the end, hashing everything, so {@link #digest()} covers the whole content.
     *
     * @return this stream, for {@code stream.drain().digest()}
     * @throws IOException when reading fails
     */
    public DigestingInputStream drain() throws IOException {
        byte[] buf = new byte[1 << 20];
        while (read(buf, 0, buf.length) >= 0) {
            // hashing happens in read
        }
        return this;
    }
}
