package dev.gantry.vulns.version;

/**
 * Debian's version order (Debian Policy 5.6.12, as {@code dpkg --compare-versions} implements it):
 * {@code [epoch:]upstream[-revision]}; epochs compare as numbers, then upstream, then revision, each
 * by alternating runs: a run of non-digits character by character, where {@code ~} sorts before
 * everything (even the end), the end before letters, letters before every other character; then a
 * run of digits as a number. A missing epoch is 0, a missing revision sorts as {@code 0}.
 */
public final class DpkgVersion implements VersionOrder {
    /** The one instance. */
    public static final DpkgVersion ORDER = new DpkgVersion();

    private DpkgVersion() {
    }

    @Override
    public String name() {
        return "dpkg";
    }

    @Override
    public int compare(String a, String b) {
        Parts x = Parts.of(a);
        Parts y = Parts.of(b);
        int byEpoch = compareDigits(x.epoch, y.epoch);
        if (byEpoch != 0) {
            return byEpoch;
        }
        int byUpstream = compareRuns(x.upstream, y.upstream);
        return byUpstream != 0 ? byUpstream : compareRuns(x.revision, y.revision);
    }

    private record Parts(String epoch, String upstream, String revision) {
        static Parts of(String version) {
            String v = version.strip();
            int colon = v.indexOf(':');
            String epoch = colon < 0 ? "0" : v.substring(0, colon);
            String rest = v.substring(colon + 1);
            int dash = rest.lastIndexOf('-');
            return dash < 0 ? new Parts(epoch, rest, "") : new Parts(epoch, rest.substring(0, dash), rest.substring(dash + 1));
        }
    }

    /** The weight of one character of a non-digit run; {@code i} past the end weighs 0, as a digit does. */
    private static int weight(String s, int i) {
        if (i >= s.length()) {
            return 0;
        }
        char c = s.charAt(i);
        if (c >= '0' && c <= '9') {
            return 0;
        }
        if (c == '~') {
            return -1;
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            return c;
        }
        return c + 256;
    }

    private static boolean digit(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }

    static int compareRuns(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while ((i < a.length() && !digit(a, i)) || (j < b.length() && !digit(b, j))) {
                int wa = weight(a, i);
                int wb = weight(b, j);
                if (wa != wb) {
                    return Integer.signum(wa - wb);
                }
                i++;
                j++;
            }
            int startA = i;
            int startB = j;
            while (digit(a, i)) {
                i++;
            }
            while (digit(b, j)) {
                j++;
            }
            int byNumber = compareDigits(a.substring(startA, i), b.substring(startB, j));
            if (byNumber != 0) {
                return byNumber;
            }
        }
        return 0;
    }

    /** Two runs of ASCII digits as numbers of any length (leading zeros ignored; empty is 0). */
    static int compareDigits(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && a.charAt(i) == '0') {
            i++;
        }
        while (j < b.length() && b.charAt(j) == '0') {
            j++;
        }
        int byLength = Integer.compare(a.length() - i, b.length() - j);
        if (byLength != 0) {
            return byLength;
        }
        return Integer.signum(a.substring(i).compareTo(b.substring(j)));
    }
}
