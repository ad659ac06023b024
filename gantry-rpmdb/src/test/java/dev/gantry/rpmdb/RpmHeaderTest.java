package dev.gantry.rpmdb;

import dev.gantry.analysis.packages.PackageRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RpmHeaderTest {
    @TempDir
    Path dir;

    @Test
    void readsTheTagsOfAHeaderRpmWrote() throws Exception {
        Map<Long, byte[]> blobs = RpmDbFixtures.blobs(RpmDbFixtures.database(RpmDbFixtures.root(dir)));
        RpmHeader ssl = blobs.values().stream().map(RpmHeaderTest::parse)
                .filter(h -> "gantry-ssl".equals(string(h, RpmHeader.TAG_NAME))).findFirst().orElseThrow();
        assertThat(string(ssl, RpmHeader.TAG_VERSION)).isEqualTo("3.0.7");
        assertThat(string(ssl, RpmHeader.TAG_RELEASE)).isEqualTo("27.el9");
        assertThat(string(ssl, RpmHeader.TAG_ARCH)).isEqualTo("x86_64");
        assertThat(string(ssl, RpmHeader.TAG_SOURCERPM)).isEqualTo("gantry-ssl-3.0.7-27.el9.src.rpm");
        assertThat(ssl.int32(RpmHeader.TAG_EPOCH)).isEqualTo(1);
        assertThat(ssl.int32(12345)).isNull();
    }

    /** Every cut of a real header, and random damage to it: a HeaderException or a package, nothing else. */
    @Test
    void damagedHeadersFailTypedOrParseNeverAnythingElse() throws Exception {
        byte[] blob = RpmDbFixtures.blobs(RpmDbFixtures.database(RpmDbFixtures.root(dir))).values().iterator().next();
        for (int length = 0; length < blob.length; length++) {
            byte[] cut = Arrays.copyOf(blob, length);
            assertThatThrownBy(() -> RpmPackages.of(RpmHeader.parse(cut))).isInstanceOf(HeaderException.class);
        }
        Random random = new Random(13);
        int parsed = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] damaged = blob.clone();
            for (int n = 1 + random.nextInt(4); n > 0; n--) {
                // mostly the preamble and index, where the numbers are
                int at = random.nextInt(4) == 0 ? random.nextInt(damaged.length) : random.nextInt(Math.min(damaged.length, 8 + 16 * 48));
                damaged[at] = (byte) random.nextInt(256);
            }
            try {
                PackageRecord p = RpmPackages.of(RpmHeader.parse(damaged));
                parsed++;
                assertThat(p == null || !p.name().isEmpty()).isTrue();
            } catch (HeaderException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
        assertThat(parsed).as("damage to unread tags still parses").isPositive();
    }

    @Test
    void refusesEntriesPointingOutsideTheData() {
        // one entry: NAME, STRING, offset 8 of 4 data bytes
        byte[] blob = ByteBuffer.allocate(8 + 16 + 4).putInt(1).putInt(4)
                .putInt(RpmHeader.TAG_NAME).putInt(RpmHeader.TYPE_STRING).putInt(8).putInt(1).put(new byte[]{'a', 'b', 'c', 'd'})
                .array();
        assertThatThrownBy(() -> RpmHeader.parse(blob)).isInstanceOf(HeaderException.class)
                .hasMessage("header index entry 0 (tag 1000) points at offset 8, outside the 4 data bytes");
        // a string running to the end of the data without its NUL
        byte[] unterminated = blob.clone();
        unterminated[8 + 11] = 0;
        assertThatThrownBy(() -> RpmHeader.parse(unterminated).string(RpmHeader.TAG_NAME)).isInstanceOf(HeaderException.class)
                .hasMessageContaining("without its terminating NUL");
        // an INT32 whose values run past the data
        byte[] epoch = ByteBuffer.allocate(8 + 16 + 4).putInt(1).putInt(4)
                .putInt(RpmHeader.TAG_EPOCH).putInt(RpmHeader.TYPE_INT32).putInt(0).putInt(2).putInt(7).array();
        assertThatThrownBy(() -> RpmHeader.parse(epoch).int32(RpmHeader.TAG_EPOCH)).isInstanceOf(HeaderException.class)
                .hasMessageContaining("past the 4 data bytes");
    }

    @Test
    void sourceRpmNamesItsSourcePackage() {
        assertThat(RpmPackages.SourceRpm.parse("openssl-3.0.7-27.el9.src.rpm"))
                .isEqualTo(new RpmPackages.SourceRpm("openssl", "3.0.7-27.el9"));
        assertThat(RpmPackages.SourceRpm.parse("python3.11-pip-22.3.1-4.el9.nosrc.rpm"))
                .isEqualTo(new RpmPackages.SourceRpm("python3.11-pip", "22.3.1-4.el9"));
        assertThat(RpmPackages.SourceRpm.parse("nodash.src.rpm")).isNull();
        assertThat(RpmPackages.SourceRpm.parse("(none)")).isNull();
    }

    private static RpmHeader parse(byte[] blob) {
        try {
            return RpmHeader.parse(blob);
        } catch (HeaderException e) {
            throw new AssertionError(e);
        }
    }

    private static String string(RpmHeader h, int tag) {
        try {
            return h.string(tag);
        } catch (HeaderException e) {
            throw new AssertionError(e);
        }
    }
}
