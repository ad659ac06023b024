package dev.gantry.vulns.version;

/**
 * Alpine's version order, as apk-tools compares versions ({@code apk version -t}): Gentoo-style
 * {@code digit{.digit}...[letter]{_suffix[N]}...[-rN]}. The string is read as a run of tokens, each
 * kind allowed only after certain others; numbers compare as numbers, except that a dotted part
 * with leading zeros ({@code 1.02}) compares below every part without them, as a decimal fraction
 * would; {@code _alpha}, {@code _beta}, {@code _pre}, {@code _rc} sort before the release and
 * {@code _cvs}, {@code _svn}, {@code _git}, {@code _hg}, {@code _p} after it. When one version runs
 * out first, the longer one is newer unless what follows is a pre-release suffix. A version that
 * breaks the grammar is compared up to the point where it breaks, as apk-tools does.
 */
public final class ApkVersion implements VersionOrder {
    /** The one instance. */
    public static final ApkVersion ORDER = new ApkVersion();

    // token kinds, in the order apk-tools ranks them when one version has a token the other lacks
    private static final int INVALID = -1;
    private static final int DIGIT_OR_ZERO = 0;
    private static final int DIGIT = 1;
    private static final int LETTER = 2;
    private static final int SUFFIX = 3;
    private static final int SUFFIX_NO = 4;
    private static final int REVISION_NO = 5;
    private static final int END = 6;

    private static final String[] PRE_RELEASE = {"alpha", "beta", "pre", "rc"};
    private static final String[] POST_RELEASE = {"cvs", "svn", "git", "hg", "p"};

    private ApkVersion() {
    }

    @Override
    public String name() {
        return "apk";
    }

    @Override
    public int compare(String a, String b) {
        Tokens x = new Tokens(a);
        Tokens y = new Tokens(b);
        long va = 0;
        long vb = 0;
        while (x.kind == y.kind && x.kind != END && x.kind != INVALID && va == vb) {
            va = x.next();
            vb = y.next();
        }
        if (va != vb) {
            return va < vb ? -1 : 1;
        }
        if (x.kind == y.kind) {
            return 0;
        }
        // Equal so far, one goes on: it is newer, unless it goes on with a pre-release suffix.
        if (x.kind == SUFFIX && x.peekSuffix() < 0) {
            return -1;
        }
        if (y.kind == SUFFIX && y.peekSuffix() < 0) {
            return 1;
        }
        return x.kind > y.kind ? -1 : x.kind < y.kind ? 1 : 0;
    }

    /** A cursor over one version: {@code kind} is the kind of the token at {@code pos}. */
    private static final class Tokens {
        final String s;
        int pos;
        int kind = DIGIT;

        Tokens(String s) {
            this.s = s;
        }

        /** The value of the token at the cursor; moves past it and sets the kind of the next one. */
        long next() {
            if (pos >= s.length()) {
                kind = END;
                return 0;
            }
            long value = 0;
            int nextKind = INVALID;
            int start = pos;
            switch (kind) {
                case DIGIT_OR_ZERO:
                    if (s.charAt(pos) == '0') {
                        // a dotted part with leading zeros sorts below any without, by how many zeros it has
                        while (pos < s.length() && s.charAt(pos) == '0') {
                            pos++;
                        }
                        value = -(pos - start);
                        nextKind = DIGIT;
                        break;
                    }
                    value = number();
                    break;
                case DIGIT, SUFFIX_NO, REVISION_NO:
                    value = number();
                    break;
                case LETTER:
                    value = s.charAt(pos++);
                    break;
                case SUFFIX:
                    value = suffix();
                    if (value == Long.MIN_VALUE) {
                        kind = INVALID;
                        return -1;
                    }
                    break;
                default:
                    kind = INVALID;
                    return -1;
            }
            if (pos >= s.length()) {
                kind = END;
            } else if (nextKind != INVALID) {
                kind = nextKind;
            } else {
                advanceKind();
            }
            return value;
        }

        /** The value the suffix at the cursor would have, without moving: negative for pre-release. */
        long peekSuffix() {
            int saved = pos;
            long value = suffix();
            pos = saved;
            return value == Long.MIN_VALUE ? -1 : value;
        }

        private long number() {
            long value = 0;
            while (pos < s.length() && isDigit(s.charAt(pos))) {
                // saturate rather than wrap: apk-tools' newer releases compare long date stamps correctly
                value = value > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : value * 10 + (s.charAt(pos) - '0');
                pos++;
            }
            return value;
        }

        private long suffix() {
            for (int i = 0; i < PRE_RELEASE.length; i++) {
                if (s.startsWith(PRE_RELEASE[i], pos)) {
                    pos += PRE_RELEASE[i].length();
                    return i - PRE_RELEASE.length;
                }
            }
            for (int i = 0; i < POST_RELEASE.length; i++) {
                if (s.startsWith(POST_RELEASE[i], pos)) {
                    pos += POST_RELEASE[i].length();
                    return i;
                }
            }
            return Long.MIN_VALUE;
        }

        /** Reads the separator (if any) after a token and decides the next token's kind. */
        private void advanceKind() {
            char c = s.charAt(pos);
            int n;
            if ((kind == DIGIT || kind == DIGIT_OR_ZERO) && c >= 'a' && c <= 'z') {
                n = LETTER;
            } else if (kind == LETTER && isDigit(c)) {
                n = DIGIT;
            } else if (kind == SUFFIX && isDigit(c)) {
                n = SUFFIX_NO;
            } else {
                n = switch (c) {
                    case '.' -> DIGIT_OR_ZERO;
                    case '_' -> SUFFIX;
                    case '-' -> {
                        if (pos + 1 < s.length() && s.charAt(pos + 1) == 'r') {
                            pos++;
                            yield REVISION_NO;
                        }
                        yield INVALID;
                    }
                    default -> INVALID;
                };
                pos++;
            }
            boolean allowedBackStep = (n == DIGIT_OR_ZERO && kind == DIGIT) || (n == SUFFIX && kind == SUFFIX_NO)
                    || (n == DIGIT && kind == LETTER);
            if (n < kind && !allowedBackStep) {
                n = INVALID;
            }
            kind = n;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
