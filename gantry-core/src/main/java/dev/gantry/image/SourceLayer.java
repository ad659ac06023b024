package dev.gantry.image;

import dev.gantry.digest.Digest;
import dev.gantry.digest.VerifyingInputStream;
import dev.gantry.layer.Compression;
import dev.gantry.oci.Descriptor;
import dev.gantry.transport.ImageSource;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A layer blob of an {@link ImageSource}. */
record SourceLayer(ImageSource source, Descriptor descriptor, Digest diffId) implements Layer {

    @Override
    public InputStream openCompressed() throws IOException {
        return new VerifyingInputStream(source.openBlob(descriptor), descriptor.digest(), descriptor.size(),
                "layer " + descriptor.digest() + " (" + source.locate(descriptor) + " in " + source.describe() + ")");
    }

    @Override
    public InputStream openUncompressed() throws IOException {
        BufferedInputStream compressed = new BufferedInputStream(openCompressed(), 1 << 16);
        return new VerifiedAtEnd(Compression.detect(compressed).decompress(compressed), compressed);
    }

    /**
     * A decompressor may stop before its input's end (gzip does not read past the last member
     * when nothing more is buffered), so the verifying stream under it would never see the end.
     * This reads the compressed stream to its end when the uncompressed one ends, so the digest
     * check always happens before the reader sees end-of-stream.
     */
    private static final class VerifiedAtEnd extends FilterInputStream {
        private final InputStream compressed;

        VerifiedAtEnd(InputStream uncompressed, InputStream compressed) {
            super(uncompressed);
            this.compressed = compressed;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b < 0) {
                drainCompressed();
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n < 0) {
                drainCompressed();
            }
            return n;
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
}
