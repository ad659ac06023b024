package dev.gantry.testing;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The switch that keeps a CI machine without its peers from going green on skipped tests. */
class PeerRequirementTest {
    private static final String MISSING = "skopeo not installed: apt-get install skopeo";

    @Test
    void aMissingPeerSkipsByDefault() {
        assertThatThrownBy(() -> PeerRequirement.fromEnvironment(Map.of()).check(false, MISSING))
                .isExactlyInstanceOf(TestAbortedException.class)
                .hasMessage(MISSING);
    }

    @Test
    void aMissingPeerFailsUnderTheSwitchNamingThePackage() {
        assertThatThrownBy(() -> PeerRequirement.fromEnvironment(Map.of("GANTRY_REQUIRE_PEERS", "1")).check(false, MISSING))
                .isInstanceOf(AssertionError.class)
                .isNotInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith(MISSING)
                .hasMessageContaining("GANTRY_REQUIRE_PEERS");
    }

    @Test
    void zeroOrEmptyLeavesTheSwitchOff() {
        for (String off : new String[] {"0", "", " "}) {
            assertThatThrownBy(() -> PeerRequirement.fromEnvironment(Map.of("GANTRY_REQUIRE_PEERS", off)).check(false, MISSING))
                    .as("GANTRY_REQUIRE_PEERS='%s'", off)
                    .isExactlyInstanceOf(TestAbortedException.class);
        }
    }

    @Test
    void aPresentPeerPassesInBothModes() {
        assertThatCode(() -> PeerRequirement.fromEnvironment(Map.of()).check(true, MISSING)).doesNotThrowAnyException();
        assertThatCode(() -> PeerRequirement.fromEnvironment(Map.of("GANTRY_REQUIRE_PEERS", "1")).check(true, MISSING))
                .doesNotThrowAnyException();
    }

    @Test
    void thisRunFollowsItsEnvironment() {
        String value = System.getenv("GANTRY_REQUIRE_PEERS");
        assertThat(PeerRequirement.strict()).isEqualTo(value != null && !value.isBlank() && !value.strip().equals("0"));
    }
}
