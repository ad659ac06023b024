package dev.gantry.vulns.version;

/**
 * SemVer 2.0.0 precedence (section 11), the order of npm, crates.io and Go modules (Go writes a
 * leading {@code v}, which is ignored, as is build metadata after {@code +}): major, minor and
 * patch as numbers of any length; a version with a pre-release is below the same version without;
 * pre-release identifiers compare one by one, numeric ones as numbers and below alphanumeric ones,
 * which compare in ASCII order; more identifiers win when all before are equal. A string that is
 * not SemVer compares by its numeric parts as far as they go, then as text, so the order stays total.
 */
public final class SemVer implements VersionOrder {
    /** The one instance. */
    public static final SemVer ORDER = new SemVer();

    private SemVer() {
    }

    @Override
    public String name() {
        return "semver";
    }

    @Override
    public int compare(String a, String b) {
        String x = strip(a);
        String y = strip(b);
        int dashX = x.indexOf('-');
        int dashY = y.indexOf('-');
        String coreX = dashX < 0 ? x : x.substring(0, dashX);
        String coreY = dashY < 0 ? y : y.substring(0, dashY);
        String[] cx = coreX.split("\\.", -1);
        String[] cy = coreY.split("\\.", -1);
        for (int i = 0; i < Math.max(cx.length, cy.length); i++) {
            String px = i < cx.length ? cx[i] : "0";
            String py = i < cy.length ? cy[i] : "0";
            int c = numeric(px) && numeric(py) ? DpkgVersion.compareDigits(px, py) : Integer.signum(px.compareTo(py));
            if (c != 0) {
                return c;
            }
        }
        if (dashX < 0 || dashY < 0) {
            return dashX < 0 && dashY < 0 ? 0 : dashX < 0 ? 1 : -1; // a pre-release is below its release
        }
        String[] px = x.substring(dashX + 1).split("\\.", -1);
        String[] py = y.substring(dashY + 1).split("\\.", -1);
        for (int i = 0; i < Math.min(px.length, py.length); i++) {
            boolean nx = numeric(px[i]);
            boolean ny = numeric(py[i]);
            int c = nx && ny ? DpkgVersion.compareDigits(px[i], py[i])
                    : nx ? -1 : ny ? 1 : Integer.signum(px[i].compareTo(py[i]));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(px.length, py.length);
    }

    private static String strip(String v) {
        String s = v.strip();
        if (s.startsWith("v") || s.startsWith("V")) {
            s = s.substring(1);
        }
        int plus = s.indexOf('+');
        return plus < 0 ? s : s.substring(0, plus);
    }

    private static boolean numeric(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
