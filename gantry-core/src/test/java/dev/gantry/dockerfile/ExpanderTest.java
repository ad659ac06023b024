package dev.gantry.dockerfile;

import dev.gantry.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pattern forms of {@link Expander} (${VAR#glob}, ${VAR//glob/text}) with hostile bracket expressions. */
class ExpanderTest {
    private final Expander expander = new Expander('\\', Map.of("V", "a[b&&c]d", "N", "v1.2.3")::get);

    /** Found by DockerfileFuzzTest.expansion: "[[&]" went into the regex as is and failed with PatternSyntaxException. */
    @Test
    void bracketExpressionsAreNeverReadAsRegexSyntax() {
        assertThat(expander.expand("${V//[[&]/_}")).isEqualTo("a_b__c]d");
        assertThat(expander.expand("${V//[]]/_}")).isEqualTo("a[b&&c_d");
        assertThat(expander.expand("${V%[\\\\d]*}")).isEqualTo("a[b&&c]");
        assertThat(expander.expand("${U#S[[TE]:?worl must be set}")).isEmpty();
        // "[!]" has no member before its "]": sh reads it as literal text, it was "[^]" for the regex
        assertThat(expander.expand("${V#[!]}|${N#[!]]}")).isEqualTo("a[b&&c]d|1.2.3");
    }

    @Test
    void rangesAndNegationStillWork() {
        assertThat(expander.expand("${N//[0-9]/N}|${N%[!0-9]*}|${N#[^0-9]}")).isEqualTo("vN.N.N|v1.2|1.2.3");
    }

    /** Found by DockerfileFuzzTest.expansion: "${NAME:}" threw StringIndexOutOfBoundsException. */
    @Test
    void aColonWithoutAnOperatorIsAnUnsupportedModifier() {
        for (String word : new String[] {"${N:}", "${UNSET:}"}) {
            assertThatThrownBy(() -> expander.expand(word))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("unsupported modifier ':'");
        }
    }

    @Test
    void aReversedRangeIsRefusedWithATypedError() {
        assertThatThrownBy(() -> expander.expand("${N#[z-a]}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("invalid range 'z-a'");
    }
}
