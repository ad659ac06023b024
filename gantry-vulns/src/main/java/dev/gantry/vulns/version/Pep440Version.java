package dev.gantry.vulns.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's version order (PEP 440, as the {@code packaging} library implements it), for PyPI:
 * {@code [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]}, with the spellings PEP 440 normalises
 * ({@code alpha}, {@code c}, {@code pre}, {@code preview}, {@code -N} as post, separators and a leading
 * {@code v}). Epoch first; release numbers with trailing zeros ignored; then a dev release of a final
 * release sorts before its pre-releases, pre-releases before the release, post-releases after it, a
 * dev release before its post or pre; a local label sorts after the same public version, its
 * segments compared numerically when both are numbers, numbers above strings. Invalid versions
 * (which packaging refuses) sort below every valid one, among themselves as text.
 */
public final class Pep440Version implements VersionOrder {
    /** The one instance. */
    public static final Pep440Version ORDER = new Pep440Version();

    private static final Pattern VERSION = Pattern.compile(
            "v?(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)"
                    + "(?:[-_.]?(?<pre>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?"
                    + "(?:-(?<postImplicit>[0-9]+)|[-_.]?(?<post>post|rev|r)[-_.]?(?<postN>[0-9]+)?)?"
                    + "(?:[-_.]?(?<dev>dev)[-_.]?(?<devN>[0-9]+)?)?"
                    + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?");

    private Pep440Version() {
    }

    @Override
    public String name() {
        return "pep440";
    }

    private record Parsed(long[] key, List<Object> local) {
    }

    @Override
    public int compare(String a, String b) {
        Parsed x = parse(a);
        Parsed y = parse(b);
        if (x == null || y == null) {
            return x == null && y == null ? Integer.signum(a.compareTo(b)) : x == null ? -1 : 1;
        }
        int n = Math.max(x.key.length, y.key.length);
        for (int i = 0; i < n; i++) {
            int c = Long.compare(i < x.key.length ? x.key[i] : 0, i < y.key.length ? y.key[i] : 0);
            if (c != 0) {
                return c;
            }
        }
        return compareLocal(x.local, y.local);
    }

    // sentinels for the parts of the key; the release is padded with zeros, so it goes last
    private static final long NEG = Long.MIN_VALUE;
    private static final long POS = Long.MAX_VALUE;

    private static Parsed parse(String text) {
        Matcher m = VERSION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        try {
            long epoch = m.group("epoch") == null ? 0 : Long.parseLong(m.group("epoch"));
            String[] release = m.group("release").split("\\.");
            int length = release.length;
            while (length > 1 && Long.parseLong(release[length - 1]) == 0) {
                length--;
            }
            boolean hasPre = m.group("pre") != null;
            boolean hasPost = m.group("post") != null || m.group("postImplicit") != null;
            boolean hasDev = m.group("dev") != null;
            long preKind;
            long preN;
            if (hasPre) {
                preKind = switch (m.group("pre")) {
                    case "a", "alpha" -> 0;
                    case "b", "beta" -> 1;
                    default -> 2; // rc, c, pre, preview
                };
                preN = m.group("preN") == null ? 0 : Long.parseLong(m.group("preN"));
            } else if (!hasPost && hasDev) {
                preKind = NEG; // 1.0.dev0 sorts before 1.0a0
                preN = 0;
            } else {
                preKind = POS;
                preN = 0;
            }
            long post = !hasPost ? NEG : Long.parseLong(m.group("postImplicit") != null ? m.group("postImplicit")
                    : m.group("postN") == null ? "0" : m.group("postN"));
            long dev = !hasDev ? POS : m.group("devN") == null ? 0 : Long.parseLong(m.group("devN"));
            // key: epoch, the release, then pre kind, pre number, post, dev (see normalise)
            long[] key = new long[1 + length];
            key[0] = epoch;
            for (int i = 0; i < length; i++) {
                key[1 + i] = Long.parseLong(release[i]);
            }
            long[] tail = {preKind, preN, post, dev};
            return new Parsed(normalise(key, 1 + length, tail), local(m.group("local")));
        } catch (NumberFormatException e) {
            return null; // a number past long's range: refuse, as nothing real has one
        }
    }

    /** The key with the release padded to a fixed width, so that the parts after it line up. */
    private static long[] normalise(long[] key, int releaseEnd, long[] tail) {
        final int width = 1 + 16; // epoch + up to 16 release numbers
        long[] out = new long[Math.max(width, releaseEnd) + tail.length];
        System.arraycopy(key, 0, out, 0, releaseEnd);
        System.arraycopy(tail, 0, out, Math.max(width, releaseEnd), tail.length);
        return out;
    }

    private static List<Object> local(String local) {
        if (local == null) {
            return null;
        }
        List<Object> parts = new ArrayList<>();
        for (String p : local.split("[-_.]")) {
            parts.add(p.chars().allMatch(Character::isDigit) ? (Object) Long.parseLong(p) : p);
        }
        return parts;
    }

    private static int compareLocal(List<Object> x, List<Object> y) {
        if (x == null || y == null) {
            return x == null && y == null ? 0 : x == null ? -1 : 1;
        }
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            Object p = x.get(i);
            Object q = y.get(i);
            int c;
            if (p instanceof Long lp && q instanceof Long lq) {
                c = Long.compare(lp, lq);
            } else if (p instanceof Long) {
                c = 1; // numbers sort above strings
            } else if (q instanceof Long) {
                c = -1;
            } else {
                c = Integer.signum(((String) p).compareTo((String) q));
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    }
}
