package dev.gantry.dockerfile;

import dev.gantry.error.LimitExceededException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Dockerfile/Containerfile text into a {@link Dockerfile}, following the Dockerfile
 * reference: parser directives at the very top ({@code # syntax=}, {@code # escape=}, {@code # check=}),
 * comment and blank lines, line continuations with the escape character (comment and blank
 * lines inside a continuation are skipped), here-documents after RUN/COPY/ADD, then
 * {@link InstructionParser} for each logical line. Only ARG may precede the first FROM.
 * Errors are {@link DockerfileSyntaxException}s naming the line.
 */
public final class DockerfileParser {
    /** Far beyond any real Dockerfile; keeps a wrong file argument from filling the heap. */
    public static final long MAX_BYTES = 4 << 20;

    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.*?)\\s*$");
    private static final Set<String> DIRECTIVES = Set.of("syntax", "escape", "check");
    private static final Pattern HEREDOC = Pattern.compile("(?<!<)<<(-?)(?:\"([^\"\\s]+)\"|'([^'\\s]+)'|([A-Za-z_][A-Za-z0-9_]*))");
    private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("RUN", "COPY", "ADD");

    private final String name;
    private final List<String> lines;
    private final List<Comment> comments = new ArrayList<>();
    private int next;
    /** The 1-based number of the last line {@link #logicalLine} took content from. */
    private int logicalEnd;

    private DockerfileParser(String name, String text) {
        this.name = name;
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        this.lines = List.of(body.split("\r?\n", -1));
    }

    /**
     * Reads and parses a file (UTF-8, a leading byte order mark ignored).
     *
     * @param file the Dockerfile or Containerfile
     * @return the parsed file
     * @throws LimitExceededException    when the file is larger than {@link #MAX_BYTES}
     * @throws DockerfileSyntaxException when the text breaks the grammar
     * @throws IOException               when the file cannot be read
     */
    public static Dockerfile parse(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new LimitExceededException(file + " is larger than " + (MAX_BYTES >> 20) + " MiB: is it really a Dockerfile?");
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Parses text already in memory.
     *
     * @param text the file's content
     * @param name what messages call the file
     * @return the parsed file
     * @throws DockerfileSyntaxException when the text breaks the grammar
     */
    public static Dockerfile parse(String text, String name) {
        return new DockerfileParser(name, text).parse();
    }

    private Dockerfile parse() {
        Map<String, String> directives = directives();
        String escapeValue = directives.getOrDefault("escape", "\\");
        if (!escapeValue.equals("\\") && !escapeValue.equals("`")) {
            throw new DockerfileSyntaxException(name, directiveLine("escape"),
                    "invalid escape directive '" + escapeValue + "': use \\ or `");
        }
        char escape = escapeValue.charAt(0);
        InstructionParser instructions = new InstructionParser(name, escape);
        List<ArgInstruction> globalArgs = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        FromInstruction from = null;
        List<Instruction> body = new ArrayList<>();
        Instruction instruction;
        while ((instruction = nextInstruction(instructions, escape)) != null) {
            if (instruction instanceof FromInstruction f) {
                if (from != null) {
                    stages.add(new Stage(stages.size(), from, body));
                }
                from = f;
                body = new ArrayList<>();
            } else if (from != null) {
                body.add(instruction);
            } else if (instruction instanceof ArgInstruction arg) {
                globalArgs.add(arg);
            } else {
                throw new DockerfileSyntaxException(name, instruction.line(), instruction.keyword()
                        + " before the first FROM: only ARG and parser directives may come before FROM");
            }
        }
        if (from == null) {
            throw new DockerfileSyntaxException(name, Math.max(1, lines.size() - 1),
                    "no FROM instruction: a Dockerfile needs FROM image (after optional ARGs)");
        }
        stages.add(new Stage(stages.size(), from, body));
        return new Dockerfile(name, directives, escape, globalArgs, stages, comments);
    }

    /** Reads directives from the top; the first line that is not a known directive ends them. */
    private Map<String, String> directives() {
        Map<String, String> directives = new LinkedHashMap<>();
        while (next < lines.size()) {
            Matcher m = DIRECTIVE.matcher(lines.get(next));
            if (!m.matches() || !DIRECTIVES.contains(m.group(1).toLowerCase(Locale.ROOT))) {
                break;
            }
            String key = m.group(1).toLowerCase(Locale.ROOT);
            if (directives.putIfAbsent(key, m.group(2)) != null) {
                throw new DockerfileSyntaxException(name, next + 1, "parser directive '" + key + "' set twice: keep one");
            }
            next++;
        }
        return directives;
    }

    private int directiveLine(String key) {
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = DIRECTIVE.matcher(lines.get(i));
            if (m.matches() && m.group(1).equalsIgnoreCase(key)) {
                return i + 1;
            }
        }
        return 1;
    }

    /** The next logical line as an instruction, or null at the end of the file. */
    private Instruction nextInstruction(InstructionParser instructions, char escape) {
        while (next < lines.size()) {
            String trimmed = lines.get(next).strip();
            if (trimmed.isEmpty()) {
                next++;
            } else if (trimmed.startsWith("#")) {
                comments.add(new Comment(next + 1, trimmed.substring(1).strip()));
                next++;
            } else {
                break;
            }
        }
        if (next >= lines.size()) {
            return null;
        }
        int start = next;
        String logical = logicalLine(escape);
        String keyword = logical.split("\\s", 2)[0].toUpperCase(Locale.ROOT);
        List<Heredoc> heredocs = HEREDOC_INSTRUCTIONS.contains(keyword) ? heredocs(logical, start) : List.of();
        // Without here-documents the instruction ends on its last line with content: a continuation at the
        // end of the file must not claim the empty "line" after the final newline (nor skipped blank lines).
        Source source = new Source(start + 1, heredocs.isEmpty() ? logicalEnd : next, logical);
        return instructions.parse(source, heredocs);
    }

    /** Joins continuation lines from {@code next}, leaving {@code next} after the last one. */
    private String logicalLine(char escape) {
        // As buildkit: an escape character ending the line continues it, unless that escape is itself escaped (C:\\).
        String e = Pattern.quote(String.valueOf(escape));
        Pattern continuation = Pattern.compile("(?<!" + e + ")" + e + "[ \\t]*$");
        StringBuilder logical = new StringBuilder();
        boolean first = true;
        while (next < lines.size()) {
            String line = lines.get(next++);
            if (!first) {
                String trimmed = line.strip();
                if (trimmed.startsWith("#")) {
                    comments.add(new Comment(next, trimmed.substring(1).strip()));
                    continue;
                }
                if (trimmed.isEmpty()) {
                    continue;
                }
            }
            first = false;
            logicalEnd = next;
            Matcher m = continuation.matcher(line);
            if (!m.find()) {
                logical.append(line);
                break;
            }
            logical.append(line, 0, m.start());
        }
        return logical.toString().strip();
    }

    /** Reads the bodies of every {@code <<NAME} in the line, in order, from the lines that follow it. */
    private List<Heredoc> heredocs(String logical, int start) {
        List<Heredoc> heredocs = new ArrayList<>();
        Matcher m = HEREDOC.matcher(logical);
        while (m.find()) {
            boolean stripTabs = !m.group(1).isEmpty();
            boolean quoted = m.group(4) == null;
            String delimiter = quoted ? (m.group(2) != null ? m.group(2) : m.group(3)) : m.group(4);
            StringBuilder content = new StringBuilder();
            while (true) {
                if (next >= lines.size()) {
                    throw new DockerfileSyntaxException(name, start + 1, "here-document <<" + delimiter
                            + " is never closed: end it with a line holding only " + delimiter);
                }
                String line = lines.get(next++);
                if (stripTabs) {
                    line = line.replaceFirst("^\\t+", "");
                }
                if (line.equals(delimiter)) {
                    break;
                }
                content.append(line).append('\n');
            }
            heredocs.add(new Heredoc(delimiter, content.toString(), !quoted, stripTabs));
        }
        return heredocs;
    }
}
