package dev.gantry.dockerfile;

import dev.gantry.error.InvalidInputException;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands one Dockerfile word the way the builder does for FROM, COPY, ENV, WORKDIR and the
 * like (not RUN: the shell expands that): {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}}
 * (unset or empty), {@code ${VAR-default}} (unset), {@code ${VAR:+alt}} (set and non-empty),
 * {@code ${VAR+alt}} (set), {@code ${VAR:?message}} and {@code ${VAR?message}} (fail), and the
 * Dockerfile 1.7 pattern forms {@code ${VAR#glob}}, {@code ${VAR##glob}} (drop shortest/longest
 * prefix), {@code ${VAR%glob}}, {@code ${VAR%%glob}} (suffix), {@code ${VAR/glob/text}} and
 * {@code ${VAR//glob/text}} (replace first/all). Quotes are
 * removed: single quotes keep their content literal, double quotes still expand; the escape
 * character makes the next character literal ({@code \$HOME} stays {@code $HOME}). An unset
 * variable expands to nothing. {@code lookup} returns null for an unset name.
 */
public final class Expander {
    private final char escape;
    private final Function<String, String> lookup;

    /**
     * An expander for one scope.
     *
     * @param escape the file's escape character ({@code \} or a backtick)
     * @param lookup a variable's value, or null when it is unset
     */
    public Expander(char escape, Function<String, String> lookup) {
        this.escape = escape;
        this.lookup = lookup;
    }

    /**
     * Expands one word: variables replaced, quotes removed, escapes applied.
     *
     * @param word a raw word, quotes and escapes as written
     * @return the word as the builder uses it
     * @throws InvalidInputException for {@code ${VAR:?message}} or {@code ${VAR?message}} when VAR fails the test,
     *                               an unterminated quote or <code>${</code>, or an unsupported modifier
     */
    public String expand(String word) {
        StringBuilder out = new StringBuilder();
        boolean doubleQuoted = false;
        int i = 0;
        while (i < word.length()) {
            char c = word.charAt(i);
            if (c == escape && i + 1 < word.length()) {
                char next = word.charAt(i + 1);
                // Inside double quotes, as in sh, the escape only protects what would otherwise be special.
                if (doubleQuoted && next != '"' && next != '$' && next != escape) {
                    out.append(c);
                }
                out.append(next);
                i += 2;
            } else if (c == '\'' && !doubleQuoted) {
                int end = word.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new InvalidInputException("unterminated single quote in " + word + ": close it with '");
                }
                out.append(word, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                doubleQuoted = !doubleQuoted;
                i++;
            } else if (c == '$') {
                i = variable(word, i, out);
            } else {
                out.append(c);
                i++;
            }
        }
        if (doubleQuoted) {
            throw new InvalidInputException("unterminated double quote in " + word + ": close it with \"");
        }
        return out.toString();
    }

    /** Expands the variable starting at {@code start} (a '$') into {@code out}; returns the index after it. */
    private int variable(String word, int start, StringBuilder out) {
        int i = start + 1;
        if (i < word.length() && word.charAt(i) == '{') {
            return braced(word, start, out);
        }
        // A name starts with a letter or '_' ("$5" stays literal: no positional parameters here).
        int end = i < word.length() && !Character.isDigit(word.charAt(i)) ? nameEnd(word, i) : i;
        if (end == i) {
            out.append('$');
            return i;
        }
        String value = lookup.apply(word.substring(i, end));
        out.append(value == null ? "" : value);
        return end;
    }

    private int braced(String word, int start, StringBuilder out) {
        int nameStart = start + 2;
        int nameEnd = nameEnd(word, nameStart);
        int close = matchingBrace(word, start + 1);
        if (close < 0) {
            throw new InvalidInputException("unterminated ${ in " + word + ": close it with }");
        }
        String name = word.substring(nameStart, nameEnd);
        if (name.isEmpty()) {
            throw new InvalidInputException("bad substitution in " + word + ": ${ must be followed by a variable name");
        }
        String value = lookup.apply(name);
        String rest = word.substring(nameEnd, close);
        if (rest.isEmpty()) {
            out.append(value == null ? "" : value);
            return close + 1;
        }
        char first = rest.charAt(0);
        if (first == '#' || first == '%') {
            boolean longest = rest.length() > 1 && rest.charAt(1) == first;
            Pattern pattern = glob(expand(rest.substring(longest ? 2 : 1)));
            out.append(trim(value == null ? "" : value, pattern, first == '#', longest));
            return close + 1;
        }
        if (first == '/') {
            boolean all = rest.startsWith("//");
            String body = rest.substring(all ? 2 : 1);
            int slash = unescapedSlash(body);
            Pattern pattern = glob(expand(slash < 0 ? body : body.substring(0, slash)));
            String replacement = Matcher.quoteReplacement(slash < 0 ? "" : expand(body.substring(slash + 1)));
            Matcher m = pattern.matcher(value == null ? "" : value);
            out.append(all ? m.replaceAll(replacement) : m.replaceFirst(replacement));
            return close + 1;
        }
        boolean colon = rest.startsWith(":");
        String op = rest.substring(colon ? 1 : 0, Math.min(rest.length(), colon ? 2 : 1));
        // "${VAR:}" has no operator: op is then empty and refused below as an unsupported modifier.
        String operand = rest.substring(Math.min(rest.length(), colon ? 2 : 1));
        boolean unset = value == null || (colon && value.isEmpty());
        switch (op) {
            case "-" -> out.append(unset ? expand(operand) : value);
            case "+" -> out.append(unset ? "" : expand(operand));
            case "?" -> {
                if (unset) {
                    throw new InvalidInputException(name + ": " + (operand.isEmpty() ? "parameter not set" : expand(operand))
                            + " (set it with --build-arg " + name + "=... or ARG/ENV)");
                }
                out.append(value);
            }
            default -> throw new InvalidInputException("unsupported modifier '" + rest + "' in " + word
                    + ": use ${VAR}, ${VAR:-default}, ${VAR:+alternative}, ${VAR:?message}, ${VAR#prefix}, ${VAR%suffix} "
                    + "or ${VAR/pattern/replacement}");
        }
        return close + 1;
    }

    /** Removes the shortest or longest prefix ({@code #}) or suffix ({@code %}) the glob matches. */
    private static String trim(String value, Pattern pattern, boolean prefix, boolean longest) {
        int n = value.length();
        for (int k = 0; k <= n; k++) {
            int length = longest ? n - k : k;
            String part = prefix ? value.substring(0, length) : value.substring(n - length);
            if (pattern.matcher(part).matches()) {
                return prefix ? value.substring(length) : value.substring(0, n - length);
            }
        }
        return value;
    }

    private int unescapedSlash(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == escape) {
                i++;
            } else if (text.charAt(i) == '/') {
                return i;
            }
        }
        return -1;
    }

    /** A shell glob ({@code *}, {@code ?}, {@code [a-z]}, {@code [!x]}) as a regex; everything else literal. */
    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            // As in sh, a ']' right after "[" or "[!" is a member, not the end: the set is never empty.
            boolean negated = c == '[' && i + 1 < glob.length() && (glob.charAt(i + 1) == '!' || glob.charAt(i + 1) == '^');
            int close = c == '[' ? glob.indexOf(']', i + (negated ? 3 : 2)) : -1;
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (close > 0) {
                regex.append(bracket(glob.substring(i + 1, close), glob));
                i = close;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /**
     * A bracket expression's content ({@code a-z}, {@code !x}) as a regex class: every character but
     * the ranges' dashes is escaped, so the glob's text can never be read as regex syntax (a "[" in
     * it opened a nested class, and "&&" would intersect); a range whose ends are reversed is refused.
     */
    private static String bracket(String set, String glob) {
        StringBuilder out = new StringBuilder("[");
        int start = set.startsWith("!") || set.startsWith("^") ? 1 : 0;
        if (start == 1) {
            out.append('^');
        }
        for (int j = start; j < set.length(); j++) {
            char c = set.charAt(j);
            if (c == '-' && j > start && j < set.length() - 1) {
                if (set.charAt(j - 1) > set.charAt(j + 1)) {
                    throw new InvalidInputException("invalid range '" + set.charAt(j - 1) + "-" + set.charAt(j + 1)
                            + "' in pattern '" + glob + "': its end comes before its start");
                }
                out.append('-');
            } else if (Character.isLetterOrDigit(c) || Character.isSurrogate(c)) {
                out.append(c);
            } else {
                out.append('\\').append(c);
            }
        }
        return out.append(']').toString();
    }

    private static int nameEnd(String word, int from) {
        int i = from;
        while (i < word.length() && (Character.isLetterOrDigit(word.charAt(i)) || word.charAt(i) == '_')) {
            i++;
        }
        return i;
    }

    private int matchingBrace(String word, int open) {
        int depth = 0;
        for (int i = open; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == escape) {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
