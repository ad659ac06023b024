package dev.gantry.vulns.db;

import dev.gantry.vulns.version.VersionOrder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Whether one installed version is affected by one advisory: the OSV schema's evaluation
 * ({@code IsVulnerable}) exactly: listed {@code versions} match by equality; each range applies
 * only to versions below one of its {@code limit}s (none: no bound); within it, the events sorted
 * by version ({@code introduced: 0} first) are walked in order: at or past an {@code introduced}
 * the version is affected, at or past a {@code fixed}, or past a {@code last_affected}, it is not.
 */
public final class AffectedCheck {
    private AffectedCheck() {
    }

    /**
     * The answer for one version.
     *
     * @param affected whether the version is affected
     * @param fixed    the lowest {@code fixed} version above it in a range that affects it, or null when
     *                 none is known ("no fix yet")
     */
    public record Result(boolean affected, String fixed) {
    }

    /**
     * Evaluates an advisory for a version, ignoring its {@link Status} (the caller weighs that).
     *
     * @param advisory the advisory
     * @param version  the installed version
     * @param order    the ecosystem's version order
     * @return whether it is affected and the fix for it
     */
    public static Result check(Advisory advisory, String version, VersionOrder order) {
        boolean affected = false;
        String fixed = null;
        for (String listed : advisory.versions()) {
            if (listed.equals(version)) {
                affected = true;
            }
        }
        for (Range range : advisory.ranges()) {
            if (!beforeLimits(range, version, order) || !inRange(range, version, order)) {
                continue;
            }
            affected = true;
            for (Range.Event e : range.events()) {
                if (e.kind() == Range.Kind.FIXED && order.compare(version, e.version()) < 0
                        && (fixed == null || order.compare(e.version(), fixed) < 0)) {
                    fixed = e.version();
                }
            }
        }
        return new Result(affected, affected ? fixed : null);
    }

    private static boolean beforeLimits(Range range, String v, VersionOrder order) {
        boolean anyLimit = false;
        for (Range.Event e : range.events()) {
            if (e.kind() == Range.Kind.LIMIT) {
                anyLimit = true;
                if (e.version().contains("*") || order.compare(v, e.version()) < 0) {
                    return true;
                }
            }
        }
        return !anyLimit;
    }

    private static boolean inRange(Range range, String v, VersionOrder order) {
        List<Range.Event> sorted = new ArrayList<>();
        for (Range.Event e : range.events()) {
            if (e.kind() != Range.Kind.LIMIT) {
                sorted.add(e);
            }
        }
        sorted.sort(Comparator.comparing(Range.Event::version, (a, b) -> compareWithZero(a, b, order)));
        boolean vulnerable = false;
        for (Range.Event e : sorted) {
            switch (e.kind()) {
                case INTRODUCED -> {
                    if (isZero(e) || order.compare(v, e.version()) >= 0) {
                        vulnerable = true;
                    }
                }
                case FIXED -> {
                    if (order.compare(v, e.version()) >= 0) {
                        vulnerable = false;
                    }
                }
                case LAST_AFFECTED -> {
                    if (order.compare(v, e.version()) > 0) {
                        vulnerable = false;
                    }
                }
                default -> {
                    // limits were applied before
                }
            }
        }
        return vulnerable;
    }

    private static boolean isZero(Range.Event e) {
        return e.kind() == Range.Kind.INTRODUCED && e.version().equals("0");
    }

    /** The ecosystem's order, with {@code "0"} before every version (only introduced events use it). */
    private static int compareWithZero(String a, String b, VersionOrder order) {
        if (a.equals("0") || b.equals("0")) {
            return a.equals(b) ? 0 : a.equals("0") ? -1 : 1;
        }
        return order.compare(a, b);
    }
}
