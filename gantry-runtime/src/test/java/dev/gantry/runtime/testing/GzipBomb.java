package dev.gantry.runtime.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;

/**
 * Writes a gzip file that inflates to {@code prefix} followed by {@code zeroMiB} MiB of zeros,
 * without ever producing the zeros: one MiB of zeros is deflated once after a full flush (so
 * it references nothing before it) and that compressed block is repeated. 10 GB of zeros
 * costs ~10 MB on disk and a fraction of a second. The gzip trailer's CRC is not computed
 * (a reader that gets that far has already lost).
 */
public final class GzipBomb {
    private GzipBomb() {
    }

    public static Path write(Path file, byte[] prefix, long zeroMiB) throws IOException {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3});
            out.write(flushed(deflater, prefix));
            byte[] block = flushed(deflater, new byte[1 << 20]);
            for (long i = 0; i < zeroMiB; i++) {
                out.write(block);
            }
            deflater.finish();
            byte[] buf = new byte[1024];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            out.write(new byte[8]);
        } finally {
            deflater.end();
        }
        return file;
    }

    private static byte[] flushed(Deflater deflater, byte[] input) {
        deflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        int n;
        do {
            n = deflater.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length || !deflater.needsInput());
        return out.toByteArray();
    }
}
