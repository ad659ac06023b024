package dev.gantry.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's tour as commands: every fenced block right after a {@code <!-- tour -->} line, in
 * document order. A {@code ```sh} block is a script, one command per line (a here-document with
 * its lines is one command); a plain {@code ```} block is a transcript, whose {@code $ } lines are
 * the commands and the rest their shown output. A command's expected exit status is 0 unless its
 * comment says {@code exits N}, as a reader is told.
 */
record ReadmeTour(List<Command> commands) {
    static final String MARK = "<!-- tour -->";
    private static final Pattern EXITS = Pattern.compile("#[^#]*\\bexits (\\d+)");
    private static final Pattern HEREDOC = Pattern.compile("<<-?\\s*'?\"?(\\w+)'?\"?");

    /**
     * One command as the README writes it.
     *
     * @param line         its (first) line number in the README
     * @param text         the command, here-document lines included
     * @param expectedExit the exit status the README says it ends with
     */
    record Command(int line, String text, int expectedExit) {
        boolean background() {
            return text.strip().endsWith("&") && !text.strip().endsWith("&&");
        }
    }

    static ReadmeTour parse(String readme) {
        List<Command> commands = new ArrayList<>();
        String[] lines = readme.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].strip().equals(MARK)) {
                continue;
            }
            String fence = lines[++i].strip();
            if (!fence.startsWith("```")) {
                throw new IllegalArgumentException("README line " + (i + 1) + ": " + MARK + " is not followed by a code block");
            }
            boolean script = fence.equals("```sh");
            for (i++; i < lines.length && !lines[i].strip().equals("```"); i++) {
                String line = lines[i];
                if (script) {
                    if (line.isBlank() || line.strip().startsWith("#")) {
                        continue;
                    }
                    int first = i;
                    StringBuilder text = new StringBuilder(line);
                    Matcher heredoc = HEREDOC.matcher(line);
                    if (heredoc.find()) {
                        String end = heredoc.group(1);
                        while (!lines[++i].equals(end)) {
                            text.append('\n').append(lines[i]);
                        }
                        text.append('\n').append(end);
                    }
                    commands.add(new Command(first + 1, text.toString(), expectedExit(line)));
                } else if (line.startsWith("$ ")) {
                    commands.add(new Command(i + 1, line.substring(2), expectedExit(line)));
                }
            }
        }
        return new ReadmeTour(List.copyOf(commands));
    }

    /** {@code text} as one single-quoted shell word: nothing in it is expanded. */
    private static String quoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private static int expectedExit(String line) {
        Matcher m = EXITS.matcher(line);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /**
     * The tour as one bash script: each command as written, except that the registry the README
     * puts on 127.0.0.1:5000 is on {@code port} (a free one), then its exit status checked; a
     * command run in the background is waited for until the registry answers; background jobs are
     * killed when the script ends.
     */
    String script(int port) {
        StringBuilder s = new StringBuilder();
        s.append("trap 'kill $(jobs -p) 2>/dev/null; wait' EXIT\n");
        for (Command c : commands) {
            String text = c.text().replace("127.0.0.1:5000", "127.0.0.1:" + port);
            if (text.matches("(?s)\\./gantry serve(\\s.*)?") && !text.contains("--addr") && !text.startsWith("./gantry serve scrub")) {
                text = "./gantry serve --addr 127.0.0.1:" + port + text.substring("./gantry serve".length());
            }
            String shown = quoted("$ " + text.lines().findFirst().orElse(""));
            s.append("printf '%s\\n' ").append(shown).append('\n');
            s.append(text).append('\n');
            if (c.background()) {
                s.append("for i in $(seq 600); do curl -sf http://127.0.0.1:").append(port)
                        .append("/v2/ >/dev/null && break; sleep 0.1; done\n");
                continue;
            }
            s.append("rc=$?; if [ \"$rc\" -ne ").append(c.expectedExit()).append(" ]; then echo ")
                    .append(quoted("README.md line " + c.line() + " exited ")).append("\"$rc\"")
                    .append(quoted(", expected " + c.expectedExit() + ": ")).append(shown).append(" >&2; exit 1; fi\n");
        }
        s.append("echo 'tour: every command ran as the README says'\n");
        return s.toString();
    }
}
