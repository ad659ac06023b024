package dev.gantry.analysis.secrets;

import java.util.regex.Pattern;

/**
 * A path pattern as people write them in ignore files: {@code *} and {@code ?} stay inside one path component,
 * {@code **} crosses them, and a pattern without {@code /} matches the last component anywhere ({@code id_rsa}
 * matches {@code root/.ssh/id_rsa}). Paths are the image's normalised ones, without a leading {@code /}; a
 * leading {@code /} in the pattern is ignored.
 *
 * @param pattern  the pattern as written
 * @param regex    the equivalent regular expression, matched against the whole subject
 * @param nameOnly the pattern has no {@code /}, so it is matched against a path's last component
 */
public record Glob(String pattern, Pattern regex, boolean nameOnly) {
    /**
     * Compiles a pattern; every character but {@code *}, {@code **} and {@code ?} matches itself.
     *
     * @param pattern the pattern as written
     * @return the glob
     */
    public static Glob of(String pattern) {
        String p = pattern.startsWith("/") ? pattern.substring(1) : pattern;
        return new Glob(pattern, Pattern.compile(toRegex(p)), !p.contains("/"));
    }

    /**
     * Whether the pattern matches the path (its last component, for a pattern without {@code /}).
     *
     * @param path a normalised path without a leading {@code /}
     * @return true on a match
     */
    public boolean matches(String path) {
        String subject = nameOnly ? path.substring(path.lastIndexOf('/') + 1) : path;
        return regex.matcher(subject).matches();
    }

    private static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                // "**/" may match nothing, so "**/x" matches "x" at the root too
                boolean slash = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                re.append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
