package dev.gantry.digest;

import dev.gantry.error.InvalidInputException;
import dev.gantry.error.UnsupportedFormatException;
import dev.gantry.oci.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DigestTest {
    static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    static final String ABC_SHA512 = "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    static byte[] abc() {
        return "abc".getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void computesSha256OfKnownVectors() {
        assertThat(Digest.sha256(abc()).toString()).isEqualTo("sha256:" + ABC_SHA256);
        assertThat(Digest.sha256(new byte[0]).hex()).isEqualTo(EMPTY_SHA256);
    }

    @Test
    void computesSha512OfKnownVector() {
        Digest d = Digest.of(DigestAlgorithm.SHA512, abc());
        assertThat(d.algorithm()).isEqualTo(DigestAlgorithm.SHA512);
        assertThat(d.toString()).isEqualTo("sha512:" + ABC_SHA512);
    }

    @Test
    void parsesAndFormatsSha256() {
        Digest d = Digest.parse("sha256:" + ABC_SHA256);
        assertThat(d.algorithm()).isEqualTo(DigestAlgorithm.SHA256);
        assertThat(d.hex()).isEqualTo(ABC_SHA256);
        assertThat(d.toString()).isEqualTo("sha256:" + ABC_SHA256);
        assertThat(d).isEqualTo(Digest.sha256(abc()));
    }

    @Test
    void parsesAndFormatsSha512() {
        Digest d = Digest.parse("sha512:" + ABC_SHA512);
        assertThat(d.algorithm()).isEqualTo(DigestAlgorithm.SHA512);
        assertThat(d.toString()).isEqualTo("sha512:" + ABC_SHA512);
        assertThat(d).isEqualTo(Digest.of(DigestAlgorithm.SHA512, abc()));
    }

    @Test
    void matchesOnlyTheContentItNames() {
        Digest d = Digest.sha256(abc());
        assertThat(d.matches(abc())).isTrue();
        assertThat(d.matches("abd".getBytes(StandardCharsets.US_ASCII))).isFalse();
        Digest d512 = Digest.of(DigestAlgorithm.SHA512, abc());
        assertThat(d512.matches(abc())).isTrue();
    }

    @Test
    void shortHexIsTheFirstTwelveDigits() {
        assertThat(Digest.sha256(abc()).shortHex()).isEqualTo("ba7816bf8f01");
    }

    @Test
    void ordersByTextualForm() {
        Digest a = Digest.parse("sha256:" + "0".repeat(64));
        Digest b = Digest.parse("sha256:" + "f".repeat(64));
        Digest c = Digest.parse("sha512:" + "0".repeat(128));
        assertThat(new TreeSet<>(List.of(c, b, a))).containsExactly(a, b, c);
    }

    @Test
    void rejectsUppercaseHexDigest() {
        assertThatThrownBy(() -> Digest.parse("sha256:" + ABC_SHA256.toUpperCase()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("sha256 needs 64 lowercase hex digits");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 63, 65, 128})
    void rejectsSha256OfWrongLength(int length) {
        String text = "sha256:" + "a".repeat(length);
        assertThatThrownBy(() -> Digest.parse(text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("invalid digest");
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 127, 129})
    void rejectsSha512OfWrongLength(int length) {
        assertThatThrownBy(() -> Digest.parse("sha512:" + "a".repeat(length)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("sha512 needs 128 lowercase hex digits");
    }

    @Test
    void rejectsUnknownAlgorithmAsUnsupportedNamingTheSupportedOnes() {
        // Well-formed by the grammar, so the error is "unsupported", not "malformed".
        assertThatThrownBy(() -> Digest.parse("md5:d41d8cd98f00b204e9800998ecf8427e"))
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessageContaining("'md5'")
                .hasMessageContaining("sha256")
                .hasMessageContaining("sha512");
        assertThatThrownBy(() -> Digest.parse("multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8"))
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessageContaining("multihash+base58");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "sha256:../../etc/passwd",
            "sha256:/etc/passwd",
            "sha256:..",
            "../sha256:" + ABC_SHA256,
            "sha256/" + ABC_SHA256,
            "sha256:" + ABC_SHA256 + "/..",
            "sha256:" + ABC_SHA256 + "\n",
            " sha256:" + ABC_SHA256,
            "sha256::" + ABC_SHA256,
            "SHA256:" + ABC_SHA256,
            "sha256",
            ":" + ABC_SHA256,
            "sha256:",
            "",
            "-sha256:" + ABC_SHA256,
            "sha256-:" + ABC_SHA256,
    })
    void rejectsStringsOutsideTheGrammar(String text) {
        assertThatThrownBy(() -> Digest.parse(text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("invalid digest");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Digest.parse(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void constructorRejectsBadHexWithAMessageSayingWhatIsAllowed() {
        assertThatThrownBy(() -> new Digest(DigestAlgorithm.SHA256, "../../etc/passwd"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("sha256")
                .hasMessageContaining("64 lowercase hex digits");
        assertThatThrownBy(() -> new Digest(null, ABC_SHA256)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void readsAndWritesJsonAsAString() {
        Digest d = Digest.sha256(abc());
        byte[] json = Json.write(List.of(d));
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("[\"sha256:" + ABC_SHA256 + "\"]");
        assertThat(Json.parse(("\"sha256:" + ABC_SHA256 + "\"").getBytes(StandardCharsets.UTF_8), Digest.class, "test"))
                .isEqualTo(d);
    }

    @Test
    void jsonRefusesAMalformedDigest() {
        assertThatThrownBy(() -> Json.parse("\"sha256:../../etc/passwd\"".getBytes(StandardCharsets.UTF_8), Digest.class, "doc"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("doc")
                .hasMessageContaining("sha256:../../etc/passwd");
    }
}
