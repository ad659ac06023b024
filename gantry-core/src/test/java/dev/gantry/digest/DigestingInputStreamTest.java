package dev.gantry.digest;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DigestingInputStreamTest {

    static byte[] content(int size) {
        byte[] b = new byte[size];
        new Random(42).nextBytes(b);
        return b;
    }

    @Test
    void hashesAndCountsWhatPassesThroughUnchanged() throws IOException {
        byte[] data = content(300_000);
        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data), DigestAlgorithm.SHA256);
        byte[] copied = in.readAllBytes();
        assertThat(copied).isEqualTo(data);
        assertThat(in.count()).isEqualTo(data.length);
        assertThat(in.digest()).isEqualTo(Digest.sha256(data));
    }

    @Test
    void hashesWithSha512() throws IOException {
        byte[] data = content(1000);
        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data), DigestAlgorithm.SHA512).drain();
        assertThat(in.digest()).isEqualTo(Digest.of(DigestAlgorithm.SHA512, data));
    }

    @Test
    void singleByteReadsHashTheSameAsBulkReads() throws IOException {
        byte[] data = content(777);
        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data), DigestAlgorithm.SHA256);
        while (in.read() >= 0) {
            // byte by byte
        }
        assertThat(in.count()).isEqualTo(777);
        assertThat(in.digest()).isEqualTo(Digest.sha256(data));
    }

    @Test
    void skippedBytesAreStillHashed() throws IOException {
        byte[] data = content(200_000);
        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data), DigestAlgorithm.SHA256);
        assertThat(in.read()).isEqualTo(data[0] & 0xff);
        assertThat(in.skip(150_000)).isEqualTo(150_000);
        assertThat(in.skip(1_000_000)).isEqualTo(200_000 - 150_001);
        assertThat(in.count()).isEqualTo(data.length);
        assertThat(in.digest()).isEqualTo(Digest.sha256(data));
    }

    @Test
    void skipOfZeroOrNegativeSkipsNothing() throws IOException {
        byte[] data = content(10);
        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data), DigestAlgorithm.SHA256);
        assertThat(in.skip(0)).isZero();
        assertThat(in.skip(-5)).isZero();
        assertThat(in.readAllBytes()).isEqualTo(data);
        assertThat(in.digest()).isEqualTo(Digest.sha256(data));
    }

    @Test
    void transferToHashesEverything() throws IOException {
        byte[] data = content(100_000);
        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data), DigestAlgorithm.SHA256);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(in.transferTo(out)).isEqualTo(data.length);
        assertThat(out.toByteArray()).isEqualTo(data);
        assertThat(in.digest()).isEqualTo(Digest.sha256(data));
    }

    @Test
    void digestIsStableWhenAskedTwice() throws IOException {
        byte[] data = content(1234);
        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data), DigestAlgorithm.SHA256).drain();
        Digest first = in.digest();
        assertThat(in.digest()).isEqualTo(first).isEqualTo(Digest.sha256(data));
    }

    @Test
    void refusesResetSoNoByteIsHashedTwice() throws IOException {
        byte[] data = content(100);
        // ByteArrayInputStream supports mark/reset; the digesting view must not pass it through.
        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data), DigestAlgorithm.SHA256);
        assertThat(in.markSupported()).isFalse();
        in.mark(100);
        in.readNBytes(50);
        assertThatThrownBy(in::reset).isInstanceOf(IOException.class);
        assertThat(in.readAllBytes()).hasSize(50);
        assertThat(in.digest()).isEqualTo(Digest.sha256(data));
    }

    @Test
    void emptyStreamHashesToTheEmptyDigest() throws IOException {
        DigestingInputStream in = new DigestingInputStream(InputStream.nullInputStream(), DigestAlgorithm.SHA256).drain();
        assertThat(in.count()).isZero();
        assertThat(in.digest().hex()).isEqualTo(DigestTest.EMPTY_SHA256);
    }
}
