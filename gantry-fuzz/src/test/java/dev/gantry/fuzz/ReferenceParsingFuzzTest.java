package dev.gantry.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gantry.digest.Digest;
import dev.gantry.error.GantryException;
import dev.gantry.ref.Reference;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Image references and digests: a text is refused with Gantry's typed error or parsed into a
 * value that prints and parses back to itself. Seeds: the digests of umoci's layout and the
 * references the README and the tests use.
 */
class ReferenceParsingFuzzTest {
    @FuzzTest
    void digest(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Digest digest;
        try {
            digest = Digest.parse(text);
        } catch (GantryException refused) {
            return;
        }
        // No normalisation: a digest names a file, so the accepted text is exactly the printed one.
        assertThat(digest.toString()).isEqualTo(text);
        assertThat(digest.hex()).hasSize(digest.algorithm().hexLength()).matches("[0-9a-f]+");
        assertThat(Digest.parse(digest.toString())).isEqualTo(digest);
    }

    @FuzzTest
    void reference(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Reference ref;
        try {
            ref = Reference.parse(text);
        } catch (GantryException refused) {
            return;
        }
        assertThat(ref.repository().length()).isLessThanOrEqualTo(255);
        assertThat(ref.tagOrDefault() == null || Reference.isValidTag(ref.tagOrDefault())).isTrue();
        // The full and the familiar forms both name the same image again.
        assertThat(Reference.parse(ref.toString()).toString()).isEqualTo(ref.toString());
        assertThat(Reference.parse(ref.familiarString()).toString()).isEqualTo(ref.toString());
        assertThat(Reference.parse(ref.familiarName()).repository()).isEqualTo(ref.repository());
    }
}
