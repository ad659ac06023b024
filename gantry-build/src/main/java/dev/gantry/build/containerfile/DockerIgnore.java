package dev.gantry.build.containerfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The context's {@code .dockerignore}: one pattern a line ({@code #} comments, blank lines
 * skipped), Go's {@code filepath.Match} syntax plus {@code **} for any number of directories,
 * relative to the context root; {@code !pattern} re-includes. The last matching line decides,
 * and a pattern matching a directory excludes everything below it, as Docker does. An excluded
 * directory is not descended into, so a {@code !} exception below it does not bring a file back.
 */
final class DockerIgnore implements Predicate<Path> {
    private record Rule(Pattern pattern, boolean exclude) {
    }

    private final Path root;
    private final List<Rule> rules;

    private DockerIgnore(Path root, List<Rule> rules) {
        this.root = root;
        this.rules = rules;
    }

    /** The rules of {@code context/.dockerignore}; none when the file is absent. */
    static DockerIgnore of(Path context) throws IOException {
        Path realRoot = context.toRealPath();
        Path file = context.resolve(".dockerignore");
        List<Rule> rules = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file)) {
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                boolean exclude = !text.startsWith("!");
                String pattern = (exclude ? text : text.substring(1).strip()).replaceFirst("^/+", "");
                pattern = Path.of(pattern).normalize().toString();
                if (!pattern.isEmpty()) {
                    rules.add(new Rule(Pattern.compile(regex(pattern)), exclude));
                }
            }
        }
        return new DockerIgnore(realRoot, rules);
    }

    /** True when {@code path} (inside the context) is excluded; paths outside it are never excluded. */
    @Override
    public boolean test(Path path) {
        if (rules.isEmpty() || !path.startsWith(root) || path.equals(root)) {
            return false;
        }
        String rel = root.relativize(path).toString();
        boolean excluded = false;
        for (Rule rule : rules) {
            if (matches(rule.pattern(), rel)) {
                excluded = rule.exclude();
            }
        }
        return excluded;
    }

    /** The pattern matches the path itself or one of its parent directories. */
    private static boolean matches(Pattern pattern, String rel) {
        String candidate = rel;
        while (true) {
            if (pattern.matcher(candidate).matches()) {
                return true;
            }
            int slash = candidate.lastIndexOf('/');
            if (slash < 0) {
                return false;
            }
            candidate = candidate.substring(0, slash);
        }
    }

    private static String regex(String pattern) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                i++;
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '/') {
                    i++;
                    out.append("(?:.*/)?"); // "**/" : any number of directories, none included
                } else {
                    out.append(".*");
                }
            } else if (c == '*') {
                out.append("[^/]*");
            } else if (c == '?') {
                out.append("[^/]");
            } else if (c == '[') {
                int end = pattern.indexOf(']', i + 1);
                if (end < 0) {
                    out.append("\\[");
                } else {
                    // Go and Java share [abc], [a-z] and [^abc]; a backslash escapes in both.
                    out.append('[').append(pattern, i + 1, end).append(']');
                    i = end;
                }
            } else if (c == '\\' && i + 1 < pattern.length()) {
                out.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else {
                out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }
}
