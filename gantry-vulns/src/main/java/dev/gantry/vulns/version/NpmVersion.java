package dev.gantry.vulns.version;

import java.math.BigInteger;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version as node-semver parses it strictly: {@code MAJOR.MINOR.PATCH}, an optional {@code v},
 * {@code -PRERELEASE} and {@code +BUILD}; no leading zeros in numbers; at most 256 characters and
 * numbers up to 2^53 - 1 (JavaScript's safe integers). Ordered by SemVer 2.0.0 precedence (build
 * metadata ignored).
 *
 * @param major      major version
 * @param minor      minor version
 * @param patch      patch version
 * @param prerelease pre-release identifiers, empty for a release
 */
public record NpmVersion(BigInteger major, BigInteger minor, BigInteger patch, List<String> prerelease)
        implements Comparable<NpmVersion> {
    private static final BigInteger MAX_SAFE = BigInteger.valueOf((1L << 53) - 1);
    private static final String NUM = "0|[1-9]\\d*";
    private static final String PRE_ID = "(?:" + NUM + "|\\d*[a-zA-Z-][a-zA-Z0-9-]*)";
    private static final Pattern FULL = Pattern.compile("^v?(" + NUM + ")\\.(" + NUM + ")\\.(" + NUM + ")(?:-(" + PRE_ID
            + "(?:\\." + PRE_ID + ")*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$");

    /**
     * Parses a version.
     *
     * @param text the version
     * @return the version, or null when node-semver would refuse it
     */
    public static NpmVersion parse(String text) {
        String t = text.strip();
        if (t.length() > 256) {
            return null;
        }
        Matcher m = FULL.matcher(t);
        if (!m.matches()) {
            return null;
        }
        BigInteger major = new BigInteger(m.group(1));
        BigInteger minor = new BigInteger(m.group(2));
        BigInteger patch = new BigInteger(m.group(3));
        if (major.compareTo(MAX_SAFE) > 0 || minor.compareTo(MAX_SAFE) > 0 || patch.compareTo(MAX_SAFE) > 0) {
            return null;
        }
        return new NpmVersion(major, minor, patch, m.group(4) == null ? List.of() : List.of(m.group(4).split("\\.")));
    }

    /**
     * Whether both have the same major, minor and patch.
     *
     * @param other another version
     * @return true when only pre-release or build differ
     */
    public boolean sameRelease(NpmVersion other) {
        return major.equals(other.major) && minor.equals(other.minor) && patch.equals(other.patch);
    }

    @Override
    public int compareTo(NpmVersion o) {
        int c = major.compareTo(o.major);
        if (c == 0) {
            c = minor.compareTo(o.minor);
        }
        if (c == 0) {
            c = patch.compareTo(o.patch);
        }
        if (c != 0) {
            return Integer.signum(c);
        }
        if (prerelease.isEmpty() || o.prerelease.isEmpty()) {
            return prerelease.isEmpty() == o.prerelease.isEmpty() ? 0 : prerelease.isEmpty() ? 1 : -1;
        }
        for (int i = 0; i < Math.max(prerelease.size(), o.prerelease.size()); i++) {
            if (i >= prerelease.size()) {
                return -1;
            }
            if (i >= o.prerelease.size()) {
                return 1;
            }
            String a = prerelease.get(i);
            String b = o.prerelease.get(i);
            boolean na = a.chars().allMatch(Character::isDigit);
            boolean nb = b.chars().allMatch(Character::isDigit);
            int d = na && nb ? new BigInteger(a).compareTo(new BigInteger(b)) : na ? -1 : nb ? 1 : a.compareTo(b);
            if (d != 0) {
                return Integer.signum(d);
            }
        }
        return 0;
    }
}
