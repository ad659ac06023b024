package dev.gantry.digest;

import dev.gantry.error.DigestMismatchException;
import dev.gantry.error.LimitExceededException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifyingInputStreamTest {

    static byte[] content(int size) {
        byte[] b = new byte[size];
        new Random(7).nextBytes(b);
        return b;
    }

    static VerifyingInputStream verifying(byte[] actual, byte[] declared, long size) {
        return new VerifyingInputStream(new ByteArrayInputStream(actual), Digest.sha256(declared), size, "blob under test");
    }

    /** What a consumer got: the bytes handed over before the stream ended or failed, and the failure (null at a clean end). */
    record Outcome(long handedOver, DigestMismatchException failure) {
    }

    static Outcome readUntilFailure(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        long total = 0;
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
            }
        } catch (DigestMismatchException e) {
            return new Outcome(total, e);
        }
        return new Outcome(total, null);
    }

    @Test
    void passesCleanContentThroughAndReportsVerified() throws IOException {
        byte[] data = content(250_000);
        VerifyingInputStream in = verifying(data, data, data.length);
        assertThat(in.verified()).isFalse();
        assertThat(in.readAllBytes()).isEqualTo(data);
        assertThat(in.verified()).isTrue();
        // Reading past the end again stays quiet.
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void passesCleanContentOfUnknownSize() throws IOException {
        byte[] data = content(4096);
        VerifyingInputStream in = verifying(data, data, -1);
        in.transferTo(new ByteArrayOutputStream());
        assertThat(in.verified()).isTrue();
    }

    @Test
    void verifiesSha512() throws IOException {
        byte[] data = content(5000);
        VerifyingInputStream in = new VerifyingInputStream(new ByteArrayInputStream(data),
                Digest.of(DigestAlgorithm.SHA512, data), data.length, "sha512 blob");
        assertThat(in.readAllBytes()).isEqualTo(data);
        assertThat(in.verified()).isTrue();
    }

    @Test
    void verifiesEmptyContent() throws IOException {
        VerifyingInputStream in = verifying(new byte[0], new byte[0], 0);
        assertThat(in.read()).isEqualTo(-1);
        assertThat(in.verified()).isTrue();
    }

    @Test
    void flippedByteFailsAtTheEndNamingBothDigests() throws IOException {
        byte[] data = content(100_000);
        byte[] tampered = data.clone();
        tampered[54_321] ^= 0x01;
        Digest expected = Digest.sha256(data);
        Digest actual = Digest.sha256(tampered);
        VerifyingInputStream in = verifying(tampered, data, data.length);
        Outcome outcome = readUntilFailure(in);
        DigestMismatchException failure = outcome.failure();
        assertThat(failure).as("mismatch must fail the read that reaches the end").isNotNull();
        assertThat(outcome.handedOver()).isEqualTo(data.length);
        assertThat(failure.expected()).isEqualTo(expected);
        assertThat(failure.actual()).isEqualTo(actual);
        assertThat(failure.getMessage())
                .contains("blob under test")
                .contains(expected.toString())
                .contains(actual.toString());
        assertThat(in.verified()).isFalse();
    }

    @Test
    void mismatchKeepsFailingWithTheSameDigestsWhenReadAgain() throws IOException {
        byte[] data = content(1000);
        byte[] tampered = data.clone();
        tampered[0] ^= (byte) 0x80;
        VerifyingInputStream in = verifying(tampered, data, -1);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(DigestMismatchException.class);
        assertThatThrownBy(in::read)
                .isInstanceOf(DigestMismatchException.class)
                .satisfies(e -> assertThat(((DigestMismatchException) e).actual()).isEqualTo(Digest.sha256(tampered)));
        assertThat(in.verified()).isFalse();
    }

    @Test
    void truncatedContentFailsAtTheEndSayingHowShort() throws IOException {
        byte[] data = content(10_000);
        byte[] truncated = Arrays.copyOf(data, 9_000);
        VerifyingInputStream in = verifying(truncated, data, data.length);
        assertThatThrownBy(in::readAllBytes)
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("blob under test")
                .hasMessageContaining("9000")
                .hasMessageContaining("10000");
        assertThat(in.verified()).isFalse();
    }

    @Test
    void truncatedContentOfUnknownSizeFailsOnTheDigest() throws IOException {
        byte[] data = content(10_000);
        VerifyingInputStream in = verifying(Arrays.copyOf(data, 10), data, -1);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining(Digest.sha256(data).toString());
    }

    @Test
    void contentLongerThanDeclaredFailsAsSoonAsItPassesTheSize() throws IOException {
        byte[] data = content(1000);
        byte[] longer = Arrays.copyOf(data, 1_000_000);
        CountingInputStream source = new CountingInputStream(new ByteArrayInputStream(longer));
        VerifyingInputStream in = new VerifyingInputStream(source, Digest.sha256(data), data.length, "blob under test");
        assertThat(in.readNBytes(1000)).isEqualTo(data);
        assertThatThrownBy(() -> in.read(new byte[100]))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("longer than the 1000 bytes");
        assertThat(source.count).isLessThanOrEqualTo(1100);
    }

    @Test
    void contentLongerThanDeclaredFailsEvenWhenItsPrefixMatches() {
        byte[] data = content(1000);
        byte[] longer = Arrays.copyOf(data, 1001);
        VerifyingInputStream in = verifying(longer, data, data.length);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(DigestMismatchException.class);
    }

    @Test
    void singleByteReadsVerifyToo() throws IOException {
        byte[] data = content(300);
        VerifyingInputStream in = verifying(data, data, data.length);
        int n = 0;
        int b;
        while ((b = in.read()) >= 0) {
            assertThat((byte) b).isEqualTo(data[n]);
            n++;
        }
        assertThat(n).isEqualTo(300);
        assertThat(in.verified()).isTrue();
    }

    @Test
    void skippedBytesAreVerified() throws IOException {
        byte[] data = content(200_000);
        byte[] tampered = data.clone();
        tampered[100_000] ^= 1;
        VerifyingInputStream in = verifying(tampered, data, data.length);
        assertThat(in.skip(150_000)).isEqualTo(150_000);
        assertThat(in.skip(0)).isZero();
        assertThat(in.skip(-1)).isZero();
        assertThatThrownBy(in::readAllBytes).isInstanceOf(DigestMismatchException.class);
    }

    @Test
    void refusesResetSoContentCannotBeReplayed() throws IOException {
        byte[] data = content(100);
        VerifyingInputStream in = verifying(data, data, data.length);
        assertThat(in.markSupported()).isFalse();
        in.mark(100);
        in.readNBytes(60);
        assertThatThrownBy(in::reset).isInstanceOf(IOException.class);
        assertThat(in.readAllBytes()).hasSize(40);
        assertThat(in.verified()).isTrue();
    }

    @Test
    void boundedStreamRefusesTheReadThatPassesItsLimit() throws IOException {
        byte[] data = content(10_000);
        VerifyingInputStream in = VerifyingInputStream.bounded(new ByteArrayInputStream(data), null, 9_999, "layer under test");
        assertThat(in.readNBytes(9_999)).hasSize(9_999);
        assertThatThrownBy(in::read).isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("exceeds the limit of 9999 bytes");
    }

    @Test
    void boundedStreamWithoutADigestCountsWithoutHashing() throws IOException {
        byte[] data = content(5_000);
        VerifyingInputStream in = VerifyingInputStream.bounded(new ByteArrayInputStream(data), null, Long.MAX_VALUE, "layer");
        assertThat(in.readAllBytes()).isEqualTo(data);
        assertThat(in.count()).isEqualTo(5_000);
        assertThat(in.verified()).isTrue();
        assertThatThrownBy(in::digest).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void boundedStreamChecksItsDigestAtTheEnd() {
        byte[] data = content(5_000);
        byte[] tampered = data.clone();
        tampered[10] ^= 1;
        VerifyingInputStream in = VerifyingInputStream.bounded(new ByteArrayInputStream(tampered), Digest.sha256(data),
                Long.MAX_VALUE, "uncompressed content (its diff_id)");
        assertThatThrownBy(in::readAllBytes).isInstanceOf(DigestMismatchException.class).hasMessageContaining("diff_id");
    }

    /** Exactly {@code size} bytes, checked before the last leave (how uploads read their content). */
    private static VerifyingInputStream checkingBeforeLastBytes(byte[] actual, byte[] declared, long size) {
        return new VerifyingInputStream(new ByteArrayInputStream(actual), DigestAlgorithm.SHA256, Digest.sha256(declared),
                size, Long.MAX_VALUE, true, "upload under test") { };
    }

    @Test
    void checkingBeforeTheLastBytesFailsTheReadThatWouldHandThemOver() throws IOException {
        byte[] data = content(100_000);
        byte[] tampered = data.clone();
        tampered[0] ^= 1;
        Outcome outcome = readUntilFailure(checkingBeforeLastBytes(tampered, data, data.length));
        assertThat(outcome.failure()).isNotNull();
        assertThat(outcome.handedOver()).isLessThan(data.length);
    }

    @Test
    void checkingBeforeTheLastBytesRefusesContentLongerThanItsSizeEvenWhenThePrefixMatches() throws IOException {
        byte[] data = content(1000);
        VerifyingInputStream in = checkingBeforeLastBytes(Arrays.copyOf(data, 1001), data, data.length);
        assertThat(in.readNBytes(999)).hasSize(999);
        assertThatThrownBy(() -> in.read(new byte[10])).isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("longer than the 1000 bytes");
    }

    @Test
    void checkingBeforeTheLastBytesPassesMatchingContentAndThenEnds() throws IOException {
        byte[] data = content(3000);
        VerifyingInputStream in = checkingBeforeLastBytes(data, data, data.length);
        assertThat(in.readAllBytes()).isEqualTo(data);
        assertThat(in.verified()).isTrue();
        assertThat(in.read()).isEqualTo(-1);
        VerifyingInputStream empty = checkingBeforeLastBytes(new byte[0], new byte[0], 0);
        assertThat(empty.read(new byte[4])).isEqualTo(-1);
        assertThat(empty.verified()).isTrue();
    }

    /** Counts the bytes taken from the wrapped stream. */
    static final class CountingInputStream extends InputStream {
        private final InputStream in;
        long count;

        CountingInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /** An upload continued after a cut: a second stream goes on from the first one's state (see HashState). */
    static final class Continuing extends VerifyingInputStream {
        Continuing(byte[] rest, HashState from, Digest expected, long size) {
            super(new ByteArrayInputStream(rest), from, expected, size, true, "continued blob under test");
        }
    }

    @Test
    void aStreamContinuingFromAnotherStreamsStateVerifiesTheWholeContent() throws IOException {
        byte[] data = content(300_000);
        VerifyingInputStream first = verifying(data, data, data.length);
        first.readNBytes(120_000);
        HashState at120k = first.state();
        first.readNBytes(50_000); // read on past the state: the state does not move

        Continuing rest = new Continuing(Arrays.copyOfRange(data, 120_000, data.length), at120k, Digest.sha256(data), data.length);

        assertThat(at120k.count()).isEqualTo(120_000);
        assertThat(rest.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 120_000, data.length));
        assertThat(rest.verified()).isTrue();
        assertThat(rest.count()).isEqualTo(data.length);
    }

    @Test
    void aContinuedStreamWhoseRestDiffersFailsBeforeItsLastBytes() throws IOException {
        byte[] data = content(300_000);
        VerifyingInputStream first = verifying(data, data, data.length);
        first.readNBytes(100_000);
        byte[] rest = Arrays.copyOfRange(data, 100_000, data.length);
        rest[rest.length - 1] ^= 1;

        Outcome outcome = readUntilFailure(new Continuing(rest, first.state(), Digest.sha256(data), data.length));

        assertThat(outcome.failure()).isNotNull();
        assertThat(outcome.handedOver()).isLessThan(rest.length);
    }

    @Test
    void aStateOfAnotherAlgorithmCannotVerify() {
        byte[] data = content(1000);
        HashState sha512 = HashState.start(DigestAlgorithm.SHA512);
        assertThatThrownBy(() -> new Continuing(data, sha512, Digest.sha256(data), data.length))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
