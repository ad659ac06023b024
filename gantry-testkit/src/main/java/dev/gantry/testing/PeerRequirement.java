package dev.gantry.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.util.Map;

/**
 * The one rule for a test whose peer is missing here: a tool (skopeo, umoci, runc...), root, or a
 * kernel or file-system feature (overlayfs, user xattrs). By default the test is skipped with the
 * remedy; with {@code GANTRY_REQUIRE_PEERS=1} (as {@code .ci/run} sets) it fails with the same
 * words instead, because a CI machine without skopeo would otherwise go green with half the
 * suite skipped. Every test that depends on its surroundings asks through here, never through
 * JUnit's assumptions directly.
 */
public final class PeerRequirement {
    /** Unset, empty or {@code 0}: a missing peer skips; any other value: it fails. */
    public static final String SWITCH = "GANTRY_REQUIRE_PEERS";

    private static final PeerRequirement CURRENT = fromEnvironment(System.getenv());

    private final boolean strict;

    private PeerRequirement(boolean strict) {
        this.strict = strict;
    }

    /** The rule as an environment sets it; tests of the rule pass their own map. */
    static PeerRequirement fromEnvironment(Map<String, String> environment) {
        String value = environment.getOrDefault(SWITCH, "").strip();
        return new PeerRequirement(!value.isEmpty() && !value.equals("0"));
    }

    /** Whether this run fails (true) or skips (false) a test whose peer is missing. */
    public static boolean strict() {
        return CURRENT.strict;
    }

    /**
     * Returns when {@code present}; otherwise skips the calling test, or fails it under
     * {@code GANTRY_REQUIRE_PEERS=1}. {@code missing} says what is missing and how to get it,
     * e.g. "skopeo not installed: apt-get install skopeo".
     */
    public static void require(boolean present, String missing) {
        CURRENT.check(present, missing);
    }

    void check(boolean present, String missing) {
        if (present) {
            return;
        }
        if (strict) {
            Assertions.fail(missing + " (" + SWITCH + " is set: a missing peer fails the test instead of skipping it)");
        }
        Assumptions.abort(missing);
    }
}
