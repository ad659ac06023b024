package dev.gantry.vulns.version;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * npm's semver ranges, as node-semver (the implementation npm uses) evaluates them with its default
 * options (strict, pre-releases not included): {@code ||}-separated sets of space-separated
 * comparators ({@code <}, {@code <=}, {@code >}, {@code >=}, {@code =}), with the sugar desugared the
 * way node-semver rewrites it, in its order: hyphen ranges ({@code 1.2 - 2.3.4}), carets
 * ({@code ^0.2.3}: up to the next change of the first non-zero part), tildes ({@code ~1.2}, {@code ~>1.2}),
 * X-ranges ({@code 1.x}, {@code 1.2.*}, a partial {@code 1.2}, {@code >1}, {@code <=1.2}), stars. A
 * version satisfies a set when it satisfies every comparator; a pre-release version only when some
 * comparator of the set names a pre-release of the same major.minor.patch. An invalid range or version
 * satisfies nothing. The order of versions is SemVer 2.0.0 precedence ({@link NpmVersion}).
 *
 * <p>Used where advisories state ranges as strings (GitHub's {@code vulnerable_version_range} is npm's
 * syntax for npm packages); {@code NpmRangeTest} checks it against node-semver itself on thousands of
 * generated cases when node and Debian's {@code node-semver} are installed.
 */
public final class NpmRange {
    private static final String NUM = "0|[1-9]\\d*";
    private static final String NUM_LOOSE = "[0-9]+";
    private static final String NON_NUM = "\\d*[a-zA-Z-][a-zA-Z0-9-]*";
    private static final String PRE_ID = "(?:" + NUM + "|" + NON_NUM + ")";
    private static final String PRE_ID_LOOSE = "(?:" + NUM_LOOSE + "|" + NON_NUM + ")";
    private static final String PRERELEASE = "(?:-(" + PRE_ID + "(?:\\." + PRE_ID + ")*))";
    private static final String PRERELEASE_LOOSE = "(?:-?(" + PRE_ID_LOOSE + "(?:\\." + PRE_ID_LOOSE + ")*))";
    private static final String BUILD_ID = "[0-9A-Za-z-]+";
    private static final String BUILD = "(?:\\+(" + BUILD_ID + "(?:\\." + BUILD_ID + ")*))";
    private static final String MAIN = "(" + NUM + ")\\.(" + NUM + ")\\.(" + NUM + ")";
    private static final String MAIN_LOOSE = "(" + NUM_LOOSE + ")\\.(" + NUM_LOOSE + ")\\.(" + NUM_LOOSE + ")";
    private static final String FULL_PLAIN = "v?" + MAIN + PRERELEASE + "?" + BUILD + "?";
    private static final String LOOSE_PLAIN = "[v=\\s]*" + MAIN_LOOSE + PRERELEASE_LOOSE + "?" + BUILD + "?";
    private static final String GTLT = "((?:<|>)?=?)";
    private static final String XR_ID = NUM + "|x|X|\\*";
    private static final String X_PLAIN = "[v=\\s]*(" + XR_ID + ")(?:\\.(" + XR_ID + ")(?:\\.(" + XR_ID + ")(?:"
            + PRERELEASE + ")?" + BUILD + "?)?)?";

    private static final Pattern HYPHEN = Pattern.compile("^\\s*(" + X_PLAIN + ")\\s+-\\s+(" + X_PLAIN + ")\\s*$");
    private static final Pattern COMPARATOR_TRIM = Pattern.compile("(\\s*)" + GTLT + "\\s*(" + LOOSE_PLAIN + "|" + X_PLAIN + ")");
    private static final Pattern TILDE_TRIM = Pattern.compile("(\\s*)(?:~>?)\\s+");
    private static final Pattern CARET_TRIM = Pattern.compile("(\\s*)(?:\\^)\\s+");
    private static final Pattern TILDE = Pattern.compile("^(?:~>?)" + X_PLAIN + "$");
    private static final Pattern CARET = Pattern.compile("^(?:\\^)" + X_PLAIN + "$");
    private static final Pattern X_RANGE = Pattern.compile("^" + GTLT + "\\s*" + X_PLAIN + "$");
    private static final Pattern STAR = Pattern.compile("(<|>)?=?\\s*\\*");
    private static final Pattern GTE0 = Pattern.compile("^\\s*>=\\s*0\\.0\\.0\\s*$");
    private static final Pattern COMPARATOR = Pattern.compile("^" + GTLT + "\\s*(" + FULL_PLAIN + ")$|^$");
    private static final Pattern OR = Pattern.compile("\\s*\\|\\|\\s*");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    /** One comparator; a null version is node-semver's ANY (the empty comparator). */
    private record Comparator(String op, NpmVersion version) {
        boolean test(NpmVersion v) {
            if (version == null) {
                return true;
            }
            int c = v.compareTo(version);
            return switch (op) {
                case "", "=" -> c == 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                default -> false;
            };
        }
    }

    private static final NpmVersion NULL_SET = NpmVersion.parse("0.0.0-0");

    private final List<List<Comparator>> sets;

    private NpmRange(List<List<Comparator>> sets) {
        this.sets = sets;
    }

    /**
     * Parses a range.
     *
     * @param range npm range syntax, e.g. {@code >=1.2.7 <1.3.0 || ^2.0.0}
     * @return the range
     * @throws IllegalArgumentException when node-semver would call it an invalid range
     */
    public static NpmRange parse(String range) {
        List<List<Comparator>> sets = new ArrayList<>();
        for (String part : OR.split(range, -1)) {
            List<Comparator> set = parseSet(part.strip());
            if (!set.isEmpty()) {
                sets.add(set);
            }
        }
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("invalid npm range: " + range);
        }
        if (sets.size() > 1) {
            // node-semver's simplification, which changes answers for pre-releases: sets that can match nothing
            // go, and a set that is only "any" stands for the whole range (and "any" refuses pre-releases)
            List<List<Comparator>> kept = new ArrayList<>(sets.stream().filter(set -> !isNullSet(set.getFirst())).toList());
            if (kept.isEmpty()) {
                return new NpmRange(List.of(sets.getFirst()));
            }
            for (List<Comparator> set : kept) {
                if (set.size() == 1 && set.getFirst().version() == null) {
                    return new NpmRange(List.of(set));
                }
            }
            return new NpmRange(kept);
        }
        return new NpmRange(sets);
    }

    /**
     * Whether a version satisfies a range, as node-semver's {@code satisfies(version, range)} answers.
     *
     * @param version a version, e.g. {@code 1.2.3-beta.1}
     * @param range   a range
     * @return false also when either is invalid
     */
    public static boolean satisfies(String version, String range) {
        NpmVersion v = NpmVersion.parse(version);
        if (v == null) {
            return false;
        }
        try {
            return parse(range).test(v);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Whether a parsed version is in this range.
     *
     * @param v the version
     * @return true when some set accepts it
     */
    public boolean test(NpmVersion v) {
        for (List<Comparator> set : sets) {
            if (testSet(set, v)) {
                return true;
            }
        }
        return false;
    }

    private static boolean testSet(List<Comparator> set, NpmVersion v) {
        for (Comparator c : set) {
            if (!c.test(v)) {
                return false;
            }
        }
        if (!v.prerelease().isEmpty()) {
            // a pre-release only where the range names a pre-release of the same major.minor.patch
            for (Comparator c : set) {
                if (c.version() != null && !c.version().prerelease().isEmpty() && c.version().sameRelease(v)) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    private static List<Comparator> parseSet(String range) {
        String r = replaceFirst(HYPHEN, range, NpmRange::hyphen);
        r = COMPARATOR_TRIM.matcher(r).replaceAll("$1$2$3");
        r = TILDE_TRIM.matcher(r).replaceAll("$1~");
        r = CARET_TRIM.matcher(r).replaceAll("$1^");
        r = String.join(" ", SPACES.split(r, -1));
        List<String> desugared = new ArrayList<>();
        for (String comp : r.split(" ", -1)) {
            desugared.add(desugar(comp));
        }
        List<Comparator> set = new ArrayList<>();
        for (String comp : SPACES.split(String.join(" ", desugared), -1)) {
            String c = GTE0.matcher(comp.strip()).replaceAll("");
            Matcher m = COMPARATOR.matcher(c);
            if (!m.matches()) {
                throw new IllegalArgumentException("invalid comparator: " + c);
            }
            if (m.group(2) == null) {
                set.add(new Comparator("", null));
                continue;
            }
            NpmVersion v = NpmVersion.parse(m.group(2));
            if (v == null) {
                throw new IllegalArgumentException("invalid comparator: " + c);
            }
            set.add(new Comparator(m.group(1), v));
        }
        // as node-semver: a set holding the null set is the null set; "any" beside other comparators adds nothing
        for (Comparator c : set) {
            if (isNullSet(c)) {
                return List.of(c);
            }
        }
        List<Comparator> some = set.stream().filter(c -> c.version() != null).toList();
        return some.isEmpty() ? (set.isEmpty() ? set : List.of(set.getFirst())) : some;
    }

    /** {@code <0.0.0-0}, which node-semver writes for a range nothing satisfies. */
    private static boolean isNullSet(Comparator c) {
        return c.op().equals("<") && c.version() != null && c.version().equals(NULL_SET);
    }

    /** Carets, tildes, X-ranges, stars, each over the space-separated parts, as node-semver's parseComparator. */
    private static String desugar(String comp) {
        String c = each(comp, part -> replaceFirst(CARET, part, NpmRange::caret));
        c = each(c, part -> replaceFirst(TILDE, part, NpmRange::tilde));
        c = each(c, part -> replaceFirst(X_RANGE, part, NpmRange::xRange));
        return replaceFirst(STAR, c.strip(), m -> "");
    }

    private static String each(String comp, Function<String, String> f) {
        List<String> out = new ArrayList<>();
        for (String part : SPACES.split(comp.strip(), -1)) {
            out.add(f.apply(part));
        }
        return String.join(" ", out);
    }

    private static String replaceFirst(Pattern p, String s, Function<Matcher, String> f) {
        Matcher m = p.matcher(s);
        if (!m.find()) {
            return s;
        }
        return s.substring(0, m.start()) + f.apply(m) + s.substring(m.end());
    }

    private static boolean isX(String id) {
        return id == null || id.isEmpty() || id.equalsIgnoreCase("x") || id.equals("*");
    }

    private static String inc(String n) {
        return new BigInteger(n).add(BigInteger.ONE).toString();
    }

    private static String hyphen(Matcher m) {
        String from = m.group(1);
        String fM = m.group(2);
        String fm = m.group(3);
        String fp = m.group(4);
        String fpr = m.group(5);
        String to = m.group(7);
        String tM = m.group(8);
        String tm = m.group(9);
        String tp = m.group(10);
        String tpr = m.group(11);
        if (isX(fM)) {
            from = "";
        } else if (isX(fm)) {
            from = ">=" + fM + ".0.0";
        } else if (isX(fp)) {
            from = ">=" + fM + "." + fm + ".0";
        } else {
            from = ">=" + from;
        }
        if (isX(tM)) {
            to = "";
        } else if (isX(tm)) {
            to = "<" + inc(tM) + ".0.0-0";
        } else if (isX(tp)) {
            to = "<" + tM + "." + inc(tm) + ".0-0";
        } else if (tpr != null) {
            to = "<=" + tM + "." + tm + "." + tp + "-" + tpr;
        } else {
            to = "<=" + to;
        }
        return (from + " " + to).strip();
    }

    private static String tilde(Matcher m) {
        String major = m.group(1);
        String minor = m.group(2);
        String patch = m.group(3);
        String pr = m.group(4);
        if (isX(major)) {
            return "";
        }
        if (isX(minor)) {
            return ">=" + major + ".0.0 <" + inc(major) + ".0.0-0";
        }
        if (isX(patch)) {
            return ">=" + major + "." + minor + ".0 <" + major + "." + inc(minor) + ".0-0";
        }
        return ">=" + major + "." + minor + "." + patch + (pr != null ? "-" + pr : "") + " <" + major + "." + inc(minor) + ".0-0";
    }

    private static String caret(Matcher m) {
        String major = m.group(1);
        String minor = m.group(2);
        String patch = m.group(3);
        String pr = m.group(4);
        if (isX(major)) {
            return "";
        }
        if (isX(minor)) {
            return ">=" + major + ".0.0 <" + inc(major) + ".0.0-0";
        }
        if (isX(patch)) {
            return major.equals("0") ? ">=" + major + "." + minor + ".0 <" + major + "." + inc(minor) + ".0-0"
                    : ">=" + major + "." + minor + ".0 <" + inc(major) + ".0.0-0";
        }
        String from = ">=" + major + "." + minor + "." + patch + (pr != null ? "-" + pr : "");
        if (major.equals("0")) {
            return minor.equals("0") ? from + " <" + major + "." + minor + "." + inc(patch) + "-0"
                    : from + " <" + major + "." + inc(minor) + ".0-0";
        }
        return from + " <" + inc(major) + ".0.0-0";
    }

    private static String xRange(Matcher m) {
        String gtlt = m.group(1);
        String major = m.group(2);
        String minor = m.group(3);
        String patch = m.group(4);
        boolean xMajor = isX(major);
        boolean xMinor = xMajor || isX(minor);
        boolean xPatch = xMinor || isX(patch);
        if (gtlt.equals("=") && xPatch) {
            gtlt = "";
        }
        if (xMajor) {
            return gtlt.equals(">") || gtlt.equals("<") ? "<0.0.0-0" : "*";
        }
        if (!gtlt.isEmpty() && xPatch) {
            if (xMinor) {
                minor = "0";
            }
            patch = "0";
            String pr = "";
            if (gtlt.equals(">")) {
                gtlt = ">=";
                if (xMinor) {
                    major = inc(major);
                    minor = "0";
                } else {
                    minor = inc(minor);
                }
                patch = "0";
            } else if (gtlt.equals("<=")) {
                gtlt = "<";
                if (xMinor) {
                    major = inc(major);
                } else {
                    minor = inc(minor);
                }
            }
            if (gtlt.equals("<")) {
                pr = "-0";
            }
            return gtlt + major + "." + minor + "." + patch + pr;
        }
        if (xMinor) {
            return ">=" + major + ".0.0 <" + inc(major) + ".0.0-0";
        }
        if (xPatch) {
            return ">=" + major + "." + minor + ".0 <" + major + "." + inc(minor) + ".0-0";
        }
        return m.group(0);
    }
}
