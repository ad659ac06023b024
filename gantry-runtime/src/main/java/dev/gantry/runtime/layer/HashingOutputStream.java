package dev.gantry.runtime.layer;

import dev.gantry.digest.Digest;
import dev.gantry.digest.DigestAlgorithm;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Hashes (sha256) and counts what passes through, on the way to the next stream. */
public final class HashingOutputStream extends FilterOutputStream {
    private final MessageDigest hasher = DigestAlgorithm.SHA256.newHasher();
    private long count;

    /**
     * A stream passing everything on to {@code out}, hashing and counting it.
     *
     * @param out where the bytes go; closed when this stream is closed
     */
    public HashingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        hasher.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        hasher.update(b, off, len);
        count += len;
    }

    /**
     * Bytes written so far.
     *
     * @return the count
     */
    public long count() {
        return count;
    }

    /**
     * The sha256 of everything written. Call it once, after the last write: it resets the hash.
     *
     * @return the digest
     */
    public Digest digest() {
        return Digest.parse("sha256:" + java.util.HexFormat.of().formatHex(hasher.digest()));
    }
}
