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

    public long count() {
        return count;
    }

    public Digest digest() {
        return Digest.parse("sha256:" + java.util.HexFormat.of().formatHex(hasher.digest()));
    }
}
