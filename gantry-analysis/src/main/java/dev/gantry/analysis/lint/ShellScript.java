package dev.gantry.analysis.lint;

import dev.gantry.dockerfile.Heredoc;
import dev.gantry.dockerfile.RunInstruction;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A RUN's commands as far as a linter needs them: pipelines split at {@code && || ; & newline} and subshell
 * parentheses, each pipeline's commands split at {@code |}, each command's words with quotes removed and
 * leading {@code NAME=value} assignments dropped. Not a shell: no expansion, no control flow;
 * {@code if/then/do} keywords just start the next word list. Exec-form RUN is one command; a heredoc script
 * ({@code RUN <<EOF} or {@code RUN bash <<EOF}) is read as more lines.
 *
 * @param pipelines the pipelines in order, each a list of the commands joined by {@code |}
 * @param execForm  the RUN was in exec (JSON) form, so no shell runs it
 */
public record ShellScript(List<List<Command>> pipelines, boolean execForm) {
    /**
     * One simple command: its words, the first being the program (path stripped in {@link #program()}).
     *
     * @param words the words, quotes removed, leading assignments dropped; never empty when made by the parser
     */
    public record Command(List<String> words) {
        /**
         * The program's name without its directory ({@code /usr/bin/apt-get} is "apt-get").
         *
         * @return the first word's last path component, or "" for no words
         */
        public String program() {
            String first = words.isEmpty() ? "" : words.getFirst();
            return first.substring(first.lastIndexOf('/') + 1);
        }

        /**
         * The words after the program.
         *
         * @return the arguments, options included
         */
        public List<String> args() {
            return words.isEmpty() ? List.of() : words.subList(1, words.size());
        }

        /**
         * The first argument that is not an option: {@code apt-get -q install x} gives "install".
         *
         * @return that argument, or "" when there is none
         */
        public String subcommand() {
            return args().stream().filter(a -> !a.startsWith("-")).findFirst().orElse("");
        }

        /**
         * Whether the command has this exact word anywhere, program included.
         *
         * @param word the word
         * @return true when one of the words equals it
         */
        public boolean has(String word) {
            return words.contains(word);
        }
    }

    private static final Set<String> KEYWORDS = Set.of("if", "then", "else", "elif", "fi", "do", "done", "while", "until",
            "for", "!", "{", "}", "exec", "time");

    /**
     * The commands of a RUN: its exec form as one command, or its shell text parsed, with the bodies of its
     * here-documents appended as more lines when the RUN itself is a heredoc or a shell reading one.
     *
     * @param run the instruction
     * @return its commands
     */
    public static ShellScript of(RunInstruction run) {
        if (run.command().isExecForm()) {
            return new ShellScript(List.of(List.of(new Command(run.command().exec()))), true);
        }
        StringBuilder script = new StringBuilder(run.command().text());
        String first = run.command().text().split("\\s+", 2)[0];
        if (first.startsWith("<<") || Set.of("sh", "bash", "ash", "dash", "zsh").contains(first)) {
            for (Heredoc heredoc : run.heredocs()) {
                script.append('\n').append(heredoc.content());
            }
        }
        return parse(script.toString());
    }

    /**
     * Parses shell text into pipelines and commands, leniently: unbalanced quotes end at the end of the text,
     * comments are dropped, a backslash-newline joins lines.
     *
     * @param script the shell text
     * @return its commands (shell form)
     */
    public static ShellScript parse(String script) {
        List<List<Command>> pipelines = new ArrayList<>();
        List<Command> pipeline = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < script.length()) {
                    word.append(script.charAt(++i));
                } else {
                    word.append(c);
                }
                continue;
            }
            boolean redirect = c == '&' && i > 0 && (script.charAt(i - 1) == '>' || script.charAt(i - 1) == '<');
            if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < script.length()) {
                char next = script.charAt(++i);
                if (next != '\n') {
                    word.append(next);
                    inWord = true;
                }
            } else if (c == '#' && !inWord) {
                while (i + 1 < script.length() && script.charAt(i + 1) != '\n') {
                    i++;
                }
            } else if (Character.isWhitespace(c) && c != '\n') {
                inWord = endWord(word, words, inWord);
            } else if (c == '|' || (c == '&' && !redirect) || c == ';' || c == '\n' || c == '(' || c == ')') {
                inWord = endWord(word, words, inWord);
                endCommand(words, pipeline);
                boolean pipe = c == '|' && (i + 1 >= script.length() || script.charAt(i + 1) != '|');
                if (!pipe) {
                    endPipeline(pipeline, pipelines);
                    pipeline = new ArrayList<>();
                }
                if (i + 1 < script.length() && (c == '|' || c == '&') && script.charAt(i + 1) == c) {
                    i++;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        endWord(word, words, inWord);
        endCommand(words, pipeline);
        endPipeline(pipeline, pipelines);
        return new ShellScript(pipelines, false);
    }

    private static boolean endWord(StringBuilder word, List<String> words, boolean inWord) {
        if (inWord) {
            String w = word.toString();
            // Control keywords start a new command, as "then apt-get install" runs apt-get.
            if (!(words.isEmpty() && KEYWORDS.contains(w))) {
                words.add(w);
            }
            word.setLength(0);
        }
        return false;
    }

    private static void endCommand(List<String> words, List<Command> pipeline) {
        int start = 0;
        while (start < words.size() && words.get(start).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            start++;
        }
        if (start < words.size()) {
            pipeline.add(new Command(List.copyOf(words.subList(start, words.size()))));
        }
        words.clear();
    }

    private static void endPipeline(List<Command> pipeline, List<List<Command>> pipelines) {
        if (!pipeline.isEmpty()) {
            pipelines.add(List.copyOf(pipeline));
        }
    }

    /**
     * Every command in order, pipelines flattened.
     *
     * @return the commands
     */
    public List<Command> commands() {
        return pipelines.stream().flatMap(List::stream).toList();
    }

    /**
     * Whether some pipeline joins two or more commands with {@code |} (what pipefail matters for).
     *
     * @return true when a pipe is used
     */
    public boolean hasPipe() {
        return pipelines.stream().anyMatch(p -> p.size() > 1);
    }

    /**
     * Commands run as one of {@code programs}, also through sudo ({@code sudo apt-get ...} counts as apt-get).
     *
     * @param programs program names without directory
     * @return the matching commands, sudo and its options removed, in order
     */
    public List<Command> calls(String... programs) {
        Set<String> wanted = Set.of(programs);
        List<Command> found = new ArrayList<>();
        for (Command c : commands()) {
            Command target = c.program().equals("sudo") ? new Command(c.args().stream().dropWhile(a -> a.startsWith("-")).toList()) : c;
            if (wanted.contains(target.program())) {
                found.add(target);
            }
        }
        return found;
    }
}
