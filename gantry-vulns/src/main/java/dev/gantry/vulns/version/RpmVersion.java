package dev.gantry.vulns.version;

/**
 * rpm's version order ({@code rpmvercmp} applied to {@code [epoch:]version[-release]}): epochs as
 * numbers (missing is 0), then version, then release when both sides have one. Each part is split
 * into runs of digits and runs of ASCII letters; every other character only separates runs, except
 * {@code ~}, which sorts before everything including the end ({@code 1.0~rc1 < 1.0}), and {@code ^},
 * which sorts after the end but before anything else ({@code 1.0 < 1.0^git1 < 1.0.1}). A digit run is
 * newer than a letter run; digit runs compare as numbers, letter runs as ASCII strings; when all runs
 * matched, the side with runs left is newer.
 */
public final class RpmVersion implements VersionOrder {
    /** The one instance. */
    public static final RpmVersion ORDER = new RpmVersion();

    private RpmVersion() {
    }

    @Override
    public String name() {
        return "rpm";
    }

    @Override
    public int compare(String a, String b) {
        Evr x = Evr.of(a);
        Evr y = Evr.of(b);
        int byEpoch = DpkgVersion.compareDigits(x.epoch, y.epoch);
        if (byEpoch != 0) {
            return byEpoch;
        }
        int byVersion = rpmvercmp(x.version, y.version);
        if (byVersion != 0 || x.release == null || y.release == null) {
            return byVersion;
        }
        return rpmvercmp(x.release, y.release);
    }

    private record Evr(String epoch, String version, String release) {
        static Evr of(String evr) {
            String v = evr.strip();
            int colon = v.indexOf(':');
            String epoch = "0";
            if (colon > 0 && v.substring(0, colon).chars().allMatch(c -> c >= '0' && c <= '9')) {
                epoch = v.substring(0, colon);
                v = v.substring(colon + 1);
            }
            int dash = v.lastIndexOf('-');
            return dash < 0 ? new Evr(epoch, v, null) : new Evr(epoch, v.substring(0, dash), v.substring(dash + 1));
        }
    }

    /**
     * rpm's comparison of one version or release string.
     *
     * @param a a version or release
     * @param b another
     * @return -1, 0 or 1
     */
    public static int rpmvercmp(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while (i < a.length() && separator(a.charAt(i))) {
                i++;
            }
            while (j < b.length() && separator(b.charAt(j))) {
                j++;
            }
            char ca = i < a.length() ? a.charAt(i) : 0;
            char cb = j < b.length() ? b.charAt(j) : 0;
            if (ca == '~' || cb == '~') {
                if (ca != '~') {
                    return 1;
                }
                if (cb != '~') {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (ca == '^' || cb == '^') {
                if (ca == 0) {
                    return -1;
                }
                if (cb == 0) {
                    return 1;
                }
                if (ca != '^') {
                    return 1;
                }
                if (cb != '^') {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (ca == 0 || cb == 0) {
                break;
            }
            int endA = i;
            int endB = j;
            boolean numeric = digit(ca);
            if (numeric) {
                while (endA < a.length() && digit(a.charAt(endA))) {
                    endA++;
                }
                while (endB < b.length() && digit(b.charAt(endB))) {
                    endB++;
                }
            } else {
                while (endA < a.length() && letter(a.charAt(endA))) {
                    endA++;
                }
                while (endB < b.length() && letter(b.charAt(endB))) {
                    endB++;
                }
            }
            if (endB == j) {
                // runs of different types: the number is newer
                return numeric ? 1 : -1;
            }
            String runA = a.substring(i, endA);
            String runB = b.substring(j, endB);
            int rc = numeric ? DpkgVersion.compareDigits(runA, runB) : Integer.signum(runA.compareTo(runB));
            if (rc != 0) {
                return rc;
            }
            i = endA;
            j = endB;
        }
        boolean endA = i >= a.length();
        boolean endB = j >= b.length();
        if (endA && endB) {
            return 0;
        }
        return endA ? -1 : 1;
    }

    private static boolean separator(char c) {
        return !digit(c) && !letter(c) && c != '~' && c != '^';
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean letter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
