package dev.gantry.digest;

import dev.gantry.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A SHA-256 state saved as bytes continues, in a fresh hasher, exactly where it stopped. */
class HashStateTest {
    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + seed);
        }
        return b;
    }

    @Test
    void theTestJvmOpensTheJdkSha256AsTheLauncherDoes() {
        assertThat(HashState.portable()).isTrue();
    }

    @Test
    void aSavedStateContinuesToTheSameDigestAtEveryBlockPosition() {
        byte[] rest = bytes(1000, 3);
        for (int prefix : new int[] {0, 1, 63, 64, 65, 127, 4096, 100_003}) {
            byte[] head = bytes(prefix, 1);
            MessageDigest running = DigestAlgorithm.SHA256.newHasher();
            running.update(head);
            byte[] saved = HashState.of(DigestAlgorithm.SHA256, running, prefix).toBytes().orElseThrow();

            HashState restored = HashState.fromBytes(saved).orElseThrow();
            assertThat(restored.count()).isEqualTo(prefix);
            MessageDigest continued = restored.hasher();
            continued.update(rest);

            MessageDigest whole = DigestAlgorithm.SHA256.newHasher();
            whole.update(head);
            whole.update(rest);
            assertThat(HexFormat.of().formatHex(continued.digest())).as("prefix %d", prefix)
                    .isEqualTo(HexFormat.of().formatHex(whole.digest()));
        }
    }

    @Test
    void savingLeavesTheRunningHasherUntouched() {
        MessageDigest running = DigestAlgorithm.SHA256.newHasher();
        running.update(bytes(100, 1));
        HashState.of(DigestAlgorithm.SHA256, running, 100).toBytes().orElseThrow();
        running.update(bytes(50, 2));
        MessageDigest whole = DigestAlgorithm.SHA256.newHasher();
        whole.update(bytes(100, 1));
        whole.update(bytes(50, 2));
        assertThat(running.digest()).isEqualTo(whole.digest());
    }

    @Test
    void aStateOfAnotherAlgorithmIsNotSaved() {
        MessageDigest sha512 = DigestAlgorithm.SHA512.newHasher();
        assertThat(HashState.of(DigestAlgorithm.SHA512, sha512, 0).toBytes()).isEmpty();
    }

    @Test
    void damagedOrForeignBytesAreRefused() {
        byte[] saved = HashState.start(DigestAlgorithm.SHA256).toBytes().orElseThrow();
        assertThatThrownBy(() -> HashState.fromBytes(Arrays.copyOf(saved, saved.length - 1))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> HashState.fromBytes(Arrays.copyOf(saved, saved.length + 1))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> HashState.fromBytes("not a state".getBytes())).isInstanceOf(InvalidInputException.class);
        byte[] inconsistent = HashState.of(DigestAlgorithm.SHA256, hasherAfter(10), 10).toBytes().orElseThrow();
        inconsistent[inconsistent.length - 11] = 0; // the pending length no longer matches the count
        assertThatThrownBy(() -> HashState.fromBytes(inconsistent)).isInstanceOf(InvalidInputException.class);
    }

    private static MessageDigest hasherAfter(int n) {
        MessageDigest md = DigestAlgorithm.SHA256.newHasher();
        md.update(bytes(n, 0));
        return md;
    }
}
