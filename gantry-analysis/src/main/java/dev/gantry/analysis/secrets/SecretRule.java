package dev.gantry.analysis.secrets;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One detection rule from {@code secret-rules.json}. A rule applies to a file when it has no
 * path globs or one matches; it then looks for {@code regex} in the content, whose named group
 * {@code secret} (else the whole match) is the secret. A rule with globs and no regex reports
 * the file itself (an {@code id_rsa} whose content no other rule recognised). {@code keywords}
 * (lower case) are a cheap pre-filter: the regex runs only on content containing one of them.
 * A secret matching {@code ignore} is a placeholder, not a finding.
 */
public record SecretRule(String id, String description, Severity severity, List<Glob> paths, Pattern regex,
                         List<String> keywords, Pattern ignore) {

    public SecretRule {
        paths = List.copyOf(paths);
        keywords = keywords.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
    }

    public boolean appliesToPath(String path) {
        return paths.isEmpty() || paths.stream().anyMatch(g -> g.matches(path));
    }

    /** A rule that needs no content: the path alone is the finding. */
    public boolean pathOnly() {
        return regex == null;
    }

    /** Whether the content (lower-cased once by the caller) may hold a match. */
    public boolean mayMatch(String lowerContent) {
        if (keywords.isEmpty()) {
            return true;
        }
        for (String k : keywords) { // a loop, not a stream: this runs for every rule on every text file
            if (lowerContent.contains(k)) {
                return true;
            }
        }
        return false;
    }

    public boolean isPlaceholder(String secret) {
        return ignore != null && ignore.matcher(secret).find();
    }
}
