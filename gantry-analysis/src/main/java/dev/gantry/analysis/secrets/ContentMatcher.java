package dev.gantry.analysis.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * Runs the content rules over one text (a file's first bytes, an env entry, a label, a history
 * command). Text is Latin-1 decoded: one char per byte, so no input is malformed and offsets
 * are byte offsets. Values in {@link SecretRules#allowValues()} and a rule's placeholders are
 * dropped here, before anything else sees them.
 */
final class ContentMatcher {
    private final SecretRules rules;

    ContentMatcher(SecretRules rules) {
        this.rules = rules;
    }

    /** Matches of the given rules in {@code text}; lines counted from 1. */
    List<SecretMatch> scan(String text, List<SecretRule> candidates) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<SecretMatch> out = new ArrayList<>();
        for (SecretRule rule : candidates) {
            if (rule.pathOnly() || !rule.mayMatch(lower)) {
                continue;
            }
            Matcher m = rule.regex().matcher(text);
            int line = 1;
            int counted = 0;
            while (m.find()) {
                String secret = secretOf(m);
                if (secret.isBlank() || rules.allowValues().contains(secret.strip()) || rule.isPlaceholder(secret)) {
                    continue;
                }
                line += countLines(text, counted, m.start());
                counted = m.start();
                if (!alreadyFound(out, line, secret)) {
                    out.add(new SecretMatch(rule, line, secret));
                }
            }
        }
        return out;
    }

    /**
     * Whether an earlier rule already reported this secret on this line (an npm token in an
     * .npmrc, an AWS secret in a .env): one secret, one finding, from the rule listed first.
     */
    private static boolean alreadyFound(List<SecretMatch> found, int line, String secret) {
        return found.stream().anyMatch(f -> f.line() == line && (f.secret().contains(secret) || secret.contains(f.secret())));
    }

    private static String secretOf(Matcher m) {
        try {
            String s = m.group("secret");
            return s != null ? s : m.group();
        } catch (IllegalArgumentException noGroup) {
            return m.group();
        }
    }

    private static int countLines(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
