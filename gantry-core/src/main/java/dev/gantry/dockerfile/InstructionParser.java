package dev.gantry.dockerfile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.oci.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns one logical line into its {@link Instruction}: keyword (any case), leading
 * {@code --flag[=value]}s checked against what that instruction accepts, then the arguments in
 * the instruction's own grammar (exec form as a JSON array of strings, else shell form).
 */
final class InstructionParser {
    private static final Map<String, Set<String>> FLAGS = Map.of(
            "FROM", Set.of("platform"),
            "RUN", Set.of("mount", "network", "security", "device"),
            "COPY", Set.of("from", "chown", "chmod", "link", "parents", "exclude"),
            "ADD", Set.of("chown", "chmod", "link", "checksum", "keep-git-dir", "exclude", "unpack"),
            "HEALTHCHECK", Set.of("interval", "timeout", "start-period", "start-interval", "retries"));
    private static final Set<String> BOOLEAN_FLAGS = Set.of("link", "parents", "keep-git-dir", "unpack");
    private static final Set<String> SIMPLE = Set.of("WORKDIR", "USER", "EXPOSE", "VOLUME", "STOPSIGNAL", "MAINTAINER");
    private static final String KNOWN = "FROM, RUN, CMD, LABEL, EXPOSE, ENV, ADD, COPY, ENTRYPOINT, VOLUME, USER, WORKDIR, "
            + "ARG, ONBUILD, STOPSIGNAL, HEALTHCHECK, SHELL, MAINTAINER";

    private final String file;
    private final char escape;

    InstructionParser(String file, char escape) {
        this.file = file;
        this.escape = escape;
    }

    Instruction parse(Source source, List<Heredoc> heredocs) {
        return parse(source.text(), source, heredocs);
    }

    private Instruction parse(String text, Source source, List<Heredoc> heredocs) {
        String[] split = text.split("\\s+", 2);
        String keyword = split[0].toUpperCase(Locale.ROOT);
        String rest = split.length > 1 ? split[1].strip() : "";
        List<Flag> flags = new ArrayList<>();
        while (rest.startsWith("--")) {
            String[] word = rest.split("\\s+", 2);
            rest = word.length > 1 ? word[1].strip() : "";
            if (word[0].equals("--")) {
                break;
            }
            flags.add(flag(keyword, word[0], source));
        }
        return switch (keyword) {
            case "FROM" -> from(flags, rest, source);
            case "RUN" -> new RunInstruction(flags, command(keyword, rest, source), heredocs, source);
            case "COPY", "ADD" -> copy(keyword, flags, rest, heredocs, source);
            case "ARG" -> arg(rest, source);
            case "ENV", "LABEL" -> new KeyValueInstruction(keyword, pairs(keyword, rest, source), source);
            case "CMD", "ENTRYPOINT" -> new CommandInstruction(keyword, command(keyword, rest, source), source);
            case "SHELL" -> shell(rest, source);
            case "HEALTHCHECK" -> healthcheck(flags, rest, source);
            case "ONBUILD" -> onbuild(rest, source);
            default -> {
                if (!SIMPLE.contains(keyword)) {
                    throw error(source, "unknown instruction '" + split[0] + "': instructions are " + KNOWN);
                }
                if (rest.isEmpty()) {
                    throw error(source, keyword + " needs an argument");
                }
                List<String> json = keyword.equals("VOLUME") ? jsonArray(rest) : null;
                yield new SimpleInstruction(keyword, rest, json != null ? json : blankSeparated(rest), source);
            }
        };
    }

    private Flag flag(String keyword, String word, Source source) {
        int eq = word.indexOf('=');
        String flagName = word.substring(2, eq < 0 ? word.length() : eq);
        Set<String> allowed = FLAGS.getOrDefault(keyword, Set.of());
        if (!allowed.contains(flagName)) {
            throw error(source, allowed.isEmpty() ? keyword + " takes no flags, but has " + word
                    : "unknown flag --" + flagName + " for " + keyword + " (it takes --" + String.join(", --", allowed.stream().sorted().toList()) + ")");
        }
        if (eq < 0 && !BOOLEAN_FLAGS.contains(flagName)) {
            throw error(source, "flag --" + flagName + " needs a value: --" + flagName + "=VALUE");
        }
        String value = eq < 0 ? null : unquote(word.substring(eq + 1));
        return new Flag(flagName, value);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'') && value.endsWith(value.substring(0, 1))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private FromInstruction from(List<Flag> flags, String rest, Source source) {
        List<String> words = blankSeparated(rest);
        if (words.size() == 1) {
            return new FromInstruction(flags, words.getFirst(), null, source);
        }
        if (words.size() == 3 && words.get(1).equalsIgnoreCase("AS")) {
            String stage = words.get(2);
            if (!stage.matches("[a-zA-Z][a-zA-Z0-9_.-]*")) {
                throw error(source, "invalid stage name '" + stage + "': start with a letter, then letters, digits, '.', '_' or '-'");
            }
            return new FromInstruction(flags, words.getFirst(), stage.toLowerCase(Locale.ROOT), source);
        }
        throw error(source, "FROM takes an image and an optional stage name: FROM [--platform=P] IMAGE [AS NAME]");
    }

    private CopyInstruction copy(String keyword, List<Flag> flags, String rest, List<Heredoc> heredocs, Source source) {
        List<String> json = jsonArray(rest);
        List<String> words = json != null ? json : blankSeparated(rest);
        if (words.size() < 2) {
            throw error(source, keyword + " needs at least one source and a destination: " + keyword + " SRC... DEST");
        }
        return new CopyInstruction(keyword, flags, words.subList(0, words.size() - 1), words.getLast(), heredocs, source);
    }

    private ArgInstruction arg(String rest, Source source) {
        List<String> words = Words.split(rest, escape);
        if (words.isEmpty()) {
            throw error(source, "ARG needs a name: ARG NAME[=DEFAULT]");
        }
        List<ArgInstruction.Declaration> declarations = new ArrayList<>();
        for (String word : words) {
            int eq = word.indexOf('=');
            String argName = eq < 0 ? word : word.substring(0, eq);
            if (!argName.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                throw error(source, "invalid ARG name '" + argName + "': use letters, digits and '_'");
            }
            declarations.add(new ArgInstruction.Declaration(argName, eq < 0 ? null : word.substring(eq + 1)));
        }
        return new ArgInstruction(declarations, source);
    }

    /** {@code key=value ...}, or the legacy single {@code key value} whose value is the rest of the line. */
    private List<KeyValue> pairs(String keyword, String rest, Source source) {
        List<String> words = Words.split(rest, escape);
        if (words.isEmpty()) {
            throw error(source, keyword + " needs KEY=VALUE");
        }
        if (words.getFirst().indexOf('=') < 0) {
            String[] legacy = rest.split("\\s+", 2);
            if (legacy.length < 2) {
                throw error(source, keyword + " " + legacy[0] + " has no value: write " + keyword + " " + legacy[0] + "=VALUE");
            }
            return List.of(new KeyValue(legacy[0], legacy[1].strip()));
        }
        List<KeyValue> pairs = new ArrayList<>();
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw error(source, keyword + " expects KEY=VALUE pairs, but '" + word + "' has " + (eq < 0 ? "no '='" : "no key"));
            }
            pairs.add(new KeyValue(word.substring(0, eq), word.substring(eq + 1)));
        }
        return pairs;
    }

    private Command command(String keyword, String rest, Source source) {
        List<String> json = jsonArray(rest);
        if (json != null) {
            return new Command(rest, json);
        }
        if (rest.isEmpty()) {
            throw error(source, keyword + " needs a command (for none, write " + keyword + " [])");
        }
        return Command.shell(rest);
    }

    private CommandInstruction shell(String rest, Source source) {
        List<String> json = jsonArray(rest);
        if (json == null || json.isEmpty()) {
            throw error(source, "SHELL needs the exec form, a JSON array: SHELL [\"/bin/bash\", \"-c\"]");
        }
        return new CommandInstruction("SHELL", new Command(rest, json), source);
    }

    private HealthcheckInstruction healthcheck(List<Flag> flags, String rest, Source source) {
        String[] split = rest.split("\\s+", 2);
        if (split[0].equalsIgnoreCase("NONE") && split.length == 1) {
            return new HealthcheckInstruction(flags, null, source);
        }
        if (!split[0].equalsIgnoreCase("CMD") || split.length < 2) {
            throw error(source, "HEALTHCHECK takes CMD COMMAND or NONE");
        }
        return new HealthcheckInstruction(flags, command("HEALTHCHECK CMD", split[1].strip(), source), source);
    }

    private OnbuildInstruction onbuild(String rest, Source source) {
        if (rest.isEmpty()) {
            throw error(source, "ONBUILD needs an instruction: ONBUILD RUN ...");
        }
        String inner = rest.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        if (Set.of("ONBUILD", "FROM", "MAINTAINER").contains(inner)) {
            throw error(source, "ONBUILD cannot trigger " + inner);
        }
        return new OnbuildInstruction(parse(rest, source, List.of()), source);
    }

    /**
     * Arguments of FROM, COPY, ADD and the simple instructions, split at blanks only: as in
     * buildkit, quotes do not group there (paths with spaces need the JSON form); they are
     * removed later, when each word is expanded.
     */
    private static List<String> blankSeparated(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
    }

    /** The strings of a JSON array, or null when the text is not one (then it is shell form, as Docker does). */
    private static List<String> jsonArray(String text) {
        if (!text.startsWith("[")) {
            return null;
        }
        try {
            JsonNode node = Json.mapper().readTree(text);
            if (node == null || !node.isArray()) {
                return null;
            }
            List<String> values = new ArrayList<>();
            for (JsonNode element : node) {
                if (!element.isTextual()) {
                    return null;
                }
                values.add(element.asText());
            }
            return values;
        } catch (IOException e) {
            return null;
        }
    }

    private DockerfileSyntaxException error(Source source, String problem) {
        return new DockerfileSyntaxException(file, source.startLine(), problem);
    }
}
