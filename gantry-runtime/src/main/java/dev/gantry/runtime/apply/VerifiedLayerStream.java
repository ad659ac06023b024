package dev.gantry.runtime.apply;

import dev.gantry.digest.Digest;
import dev.gantry.digest.DigestAlgorithm;
import dev.gantry.error.DigestMismatchException;
import dev.gantry.image.Layer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A layer's uncompressed tar, counted against the expansion budget and hashed for its diff_id.
 * The blob digest is checked underneath by {@link Layer#openUncompressed()}; the diff_id here,
 * when the stream ends. Either failure surfaces as the read that reaches the end.
 */
final class VerifiedLayerStream extends FilterInputStream {
    private final Layer layer;
    private final long limit;
    private final MessageDigest hasher;
    private long count;
    private boolean ended;

    private VerifiedLayerStream(InputStream in, Layer layer, long limit) {
        super(in);
        this.layer = layer;
        this.limit = limit;
        this.hasher = layer.diffId() != null ? layer.diffId().algorithm().newHasher() : DigestAlgorithm.SHA256.newHasher();
    }

    static InputStream open(Layer layer, long limit) throws IOException {
        return new VerifiedLayerStream(layer.openUncompressed(), layer, limit);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = in.read(buf, off, len);
        if (n < 0) {
            verify();
            return -1;
        }
        count += n;
        if (count > limit) {
            throw new ExpansionLimitException(limit, layer.size());
        }
        hasher.update(buf, off, n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must be hashed too; read them.
        byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
        int r = read(buf, 0, buf.length);
        return Math.max(r, 0);
    }

    private void verify() {
        if (ended) {
            return;
        }
        ended = true;
        Digest expected = layer.diffId();
        if (expected == null) {
            return;
        }
        Digest actual = new Digest(expected.algorithm(), HexFormat.of().formatHex(hasher.digest()));
        if (!actual.equals(expected)) {
            throw new DigestMismatchException("uncompressed content of layer " + layer.digest()
                    + " does not match the config's diff_id", expected, actual);
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
