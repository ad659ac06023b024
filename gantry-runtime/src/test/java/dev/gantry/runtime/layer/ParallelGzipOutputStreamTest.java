package dev.gantry.runtime.layer;

import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class ParallelGzipOutputStreamTest {
    @TempDir
    Path work;

    /** 3.5 blocks of half text, half noise: compressible, and not a whole number of blocks. */
    private static byte[] mixedInput() {
        Random random = new Random(42);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < 3 * ParallelGzipOutputStream.BLOCK + ParallelGzipOutputStream.BLOCK / 2) {
            out.writeBytes(("line " + random.nextInt(1000) + " of a log file\n").getBytes(StandardCharsets.US_ASCII));
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            out.writeBytes(noise);
        }
        return out.toByteArray();
    }

    private static byte[] compress(byte[] input, int threads, int writeSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(out, 6, threads)) {
            for (int off = 0; off < input.length; off += writeSize) {
                gzip.write(input, off, Math.min(writeSize, input.length - off));
            }
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @Test
    void jdkAndGnuGzipReadBackTheInput() throws Exception {
        byte[] input = mixedInput();
        byte[] gz = compress(input, 2, 10_000);
        assertThat(gunzip(gz)).isEqualTo(input);
        PeerTools.assumeInstalled("gzip");
        Files.write(work.resolve("x.gz"), gz);
        PeerTools.run(work, "gzip", "-t", "x.gz");
        PeerTools.run(work, "gzip", "-d", "x.gz");
        assertThat(Fixtures.sha256(work.resolve("x"))).isEqualTo(Fixtures.sha256(input));
    }

    @Test
    void sameBytesWhateverTheThreadCountOrWriteSizes() throws Exception {
        byte[] input = mixedInput();
        byte[] one = compress(input, 1, 1 << 20);
        assertThat(compress(input, 2, 777)).isEqualTo(one);
        assertThat(compress(input, 4, 65_536)).isEqualTo(one);
    }

    @Test
    void emptyInputIsAValidEmptyGzip() throws Exception {
        assertThat(gunzip(compress(new byte[0], 2, 1))).isEmpty();
    }

    @Test
    void aBlockRefersBackIntoThePreviousBlock() throws Exception {
        // Random data does not compress; the second block repeats the first block's last 16 KiB,
        // which only the preset dictionary lets the compressor find. (zlib reaches back at most
        // 32 KiB - 262 bytes, so a copy of the whole 32 KiB would sit just out of reach.)
        int repeat = 16 * 1024;
        byte[] first = new byte[ParallelGzipOutputStream.BLOCK];
        new Random(7).nextBytes(first);
        byte[] input = Arrays.copyOf(first, first.length + repeat);
        System.arraycopy(first, first.length - repeat, input, first.length, repeat);
        byte[] gz = compress(input, 2, 1 << 16);
        assertThat(gunzip(gz)).isEqualTo(input);
        assertThat(gz.length).isLessThan(first.length + 2048);
    }
}
