package dev.gantry.layer;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntryNameTest {
    /** A string's UTF-8 bytes, one char per byte, as the tar reader hands a ustar name over. */
    private static String asRead(String unicode) {
        return new String(unicode.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Test
    void decodesUtf8BytesAsUtf8() {
        assertThat(EntryName.decode(asRead("café/日本"))).isEqualTo("café/日本");
    }

    @Test
    void keepsBytesThatAreNotUtf8AsLatin1InsteadOfReplacingThem() {
        assertThat(EntryName.decode("caf\u00e9")).isEqualTo("café");
        assertThat(EntryName.decode("\u00ff\u00fe")).isEqualTo("ÿþ").doesNotContain("\ufffd");
    }

    @Test
    void leavesAsciiAndPaxUnicodeAlone() {
        assertThat(EntryName.decode("etc/passwd")).isEqualTo("etc/passwd");
        assertThat(EntryName.decode("日本")).isEqualTo("日本");
    }

    @Test
    void normalisesPrefixesRepeatedSlashesDotsAndTrailingSlashes() {
        assertThat(EntryName.normalise("./a//b/./c/")).isEqualTo("a/b/c");
        assertThat(EntryName.normalise("/etc/passwd")).isEqualTo("etc/passwd");
        assertThat(EntryName.normalise("usr/")).isEqualTo("usr");
        assertThat(EntryName.normalise("..a/b..")).isEqualTo("..a/b..");
        assertThat(EntryName.normalise("/")).isEmpty();
        assertThat(EntryName.normalise("./")).isEmpty();
        assertThat(EntryName.normalise(".")).isEmpty();
    }

    @Test
    void namesClimbingOutOfTheRootOrHoldingNulAreProblems() {
        assertThat(EntryName.problem("a/../b")).contains("'..'");
        assertThat(EntryName.problem("..")).contains("'..'");
        assertThat(EntryName.problem("a/..")).contains("'..'");
        assertThat(EntryName.problem("/../etc")).contains("'..'");
        assertThat(EntryName.problem("a\0b")).contains("NUL");
        assertThat(EntryName.problem("./a/.../b")).isNull();
        assertThatThrownBy(() -> EntryName.normalise("a/../b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void splitsAndJoinsNormalisedPaths() {
        assertThat(EntryName.parent("a/b/c")).isEqualTo("a/b");
        assertThat(EntryName.parent("a")).isEmpty();
        assertThat(EntryName.base("a/b/c")).isEqualTo("c");
        assertThat(EntryName.base("a")).isEqualTo("a");
        assertThat(EntryName.child("", "a")).isEqualTo("a");
        assertThat(EntryName.child("a/b", "c")).isEqualTo("a/b/c");
    }
}
