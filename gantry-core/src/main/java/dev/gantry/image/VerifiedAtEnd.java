package dev.gantry.image;

import dev.gantry.error.DigestMismatchException;
import dev.gantry.error.GantryException;
import dev.gantry.error.InvalidInputException;
import dev.gantry.layer.Compression;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A decompressor may stop before its input's end (gzip does not read past the last member
 * when nothing more is buffered), so the verifying stream under it would never see the end.
 * This reads the compressed stream to its end when the uncompressed one ends, so the digest
 * check always happens before the reader sees end-of-stream. A decompressor that fails
 * (bad CRC, early end) usually fails because the stored bytes are not the ones the digest
 * names; the rest is read then too, so the error is the digest mismatch naming the layer.
 */
final class VerifiedAtEnd extends FilterInputStream {
    private final InputStream compressed;
    private final String what;

    /** The uncompressed stream of {@code verified} (compression detected from its bytes), verified to its end. */
    static InputStream decompress(InputStream verified, String what) throws IOException {
        BufferedInputStream compressed = new BufferedInputStream(verified, 1 << 16);
        try {
            return new VerifiedAtEnd(Compression.detect(compressed).decompress(compressed), compressed, what);
        } catch (IOException | RuntimeException e) {
            compressed.close();
            throw e;
        }
    }

    private VerifiedAtEnd(InputStream uncompressed, InputStream compressed, String what) {
        super(uncompressed);
        this.compressed = compressed;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        int b;
        try {
            b = in.read();
        } catch (IOException e) {
            throw explained(e);
        }
        if (b < 0) {
            drainCompressed();
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(buf, off, len);
        } catch (IOException e) {
            throw explained(e);
        }
        if (n < 0) {
            drainCompressed();
        }
        return n;
    }

    private GantryException explained(IOException decompressor) {
        try {
            drainCompressed();
        } catch (DigestMismatchException mismatch) {
            mismatch.addSuppressed(decompressor);
            return mismatch;
        } catch (IOException | RuntimeException unreadable) {
            decompressor.addSuppressed(unreadable);
            return new InvalidInputException(what + " cannot be decompressed: " + decompressor.getMessage(), decompressor);
        }
        return new InvalidInputException(what + " matches its digest but does not decompress: "
                + decompressor.getMessage(), decompressor);
    }

    private void drainCompressed() throws IOException {
        compressed.transferTo(java.io.OutputStream.nullOutputStream());
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } finally {
            compressed.close();
        }
    }
}
