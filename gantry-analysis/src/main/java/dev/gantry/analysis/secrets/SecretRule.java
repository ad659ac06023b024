package dev.gantry.analysis.secrets;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One detection rule from {@code secret-rules.json}. A rule applies to a file when it has no path globs or one
 * matches; it then looks for {@code regex} in the content, whose named group {@code secret} (else the whole
 * match) is the secret. A rule with globs and no regex reports the file itself (an {@code id_rsa} whose content
 * no other rule recognised). {@code keywords} (lower case) are a cheap pre-filter: the regex runs only on
 * content containing one of them. A secret matching {@code ignore} is a placeholder, not a finding.
 *
 * @param id          a stable id, used in output and allow-lists
 * @param description what the rule finds, for output
 * @param severity    how bad a finding is
 * @param paths       globs a file's path must match (any one); empty for every file and config value
 * @param regex       the content pattern, or null for a rule on paths alone
 * @param keywords    lower-cased pre-filter words; empty to always run the regex
 * @param ignore      a pattern for placeholder values not to report, or null
 */
public record SecretRule(String id, String description, Severity severity, List<Glob> paths, Pattern regex,
                         List<String> keywords, Pattern ignore) {

    /** Copies the globs and lower-cases the keywords. */
    public SecretRule {
        paths = List.copyOf(paths);
        keywords = keywords.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * Whether the rule looks at a file (or config value) at this path.
     *
     * @param path a normalised path, or a config path such as {@code config/Env/NAME}
     * @return true when the rule has no globs or one matches
     */
    public boolean appliesToPath(String path) {
        return paths.isEmpty() || paths.stream().anyMatch(g -> g.matches(path));
    }

    /**
     * A rule that needs no content: the path alone is the finding.
     *
     * @return true when the rule has no regex
     */
    public boolean pathOnly() {
        return regex == null;
    }

    /**
     * Whether the content may hold a match, by the keywords alone.
     *
     * @param lowerContent the content, lower-cased once by the caller
     * @return true when the rule has no keywords or the content contains one
     */
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

    /**
     * Whether a matched value is a placeholder ({@code changeme}, {@code ${TOKEN}} and the like) rather than a
     * secret.
     *
     * @param secret the matched value
     * @return true when the rule's ignore pattern is found in it
     */
    public boolean isPlaceholder(String secret) {
        return ignore != null && ignore.matcher(secret).find();
    }
}
