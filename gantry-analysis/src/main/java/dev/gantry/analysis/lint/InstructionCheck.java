package dev.gantry.analysis.lint;

import dev.gantry.dockerfile.CommandInstruction;
import dev.gantry.dockerfile.CopyInstruction;
import dev.gantry.dockerfile.SimpleInstruction;
import dev.gantry.dockerfile.Stage;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Single instructions and the runtime config they set: USER (GL011), ADD (GL012, GL013),
 * WORKDIR (GL015), CMD/ENTRYPOINT (GL018-GL020), MAINTAINER (GL022), EXPOSE (GL024).
 */
final class InstructionCheck implements Check {
    private static final Pattern PORT = Pattern.compile("(\\d{1,9})(?:-(\\d{1,9}))?(?:/(tcp|udp|sctp))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern ARCHIVE = Pattern.compile(".*\\.(tar|tar\\.gz|tgz|tar\\.bz2|tbz2?|tar\\.xz|txz|tar\\.zst|tzst)$",
            Pattern.CASE_INSENSITIVE);

    @Override
    public void check(LintedFile file, List<Finding> out) {
        for (Stage stage : file.stages()) {
            for (SimpleInstruction simple : stage.all(SimpleInstruction.class)) {
                switch (simple.keyword()) {
                    case "WORKDIR" -> workdir(simple, out);
                    case "EXPOSE" -> expose(simple, out);
                    case "MAINTAINER" -> out.add(Rules.MAINTAINER.at(simple.line(), "MAINTAINER " + simple.text() + " is deprecated"));
                    default -> {
                    }
                }
            }
            for (CopyInstruction add : stage.all(CopyInstruction.class)) {
                if (add.isAdd()) {
                    add(add, out);
                }
            }
            commands(stage, "CMD", Rules.MULTIPLE_CMD, out);
            commands(stage, "ENTRYPOINT", Rules.MULTIPLE_ENTRYPOINT, out);
        }
        user(file, out);
    }

    private static void workdir(SimpleInstruction workdir, List<Finding> out) {
        String path = workdir.text().replaceAll("^[\"']|[\"']$", "");
        if (!path.startsWith("/") && !path.startsWith("$") && !path.matches("[A-Za-z]:[\\\\/].*")) {
            out.add(Rules.RELATIVE_WORKDIR.at(workdir.line(), "WORKDIR " + workdir.text() + " is relative"));
        }
    }

    private static void expose(SimpleInstruction expose, List<Finding> out) {
        for (String word : expose.words()) {
            String port = word.replaceAll("[\"']", "");
            if (port.contains("$")) {
                continue;
            }
            Matcher m = PORT.matcher(port);
            boolean valid = m.matches() && inRange(m.group(1)) && (m.group(2) == null || inRange(m.group(2)));
            if (!valid) {
                out.add(Rules.INVALID_PORT.at(expose.line(), "EXPOSE " + word + " is not a port number 1-65535 with optional /tcp or /udp"));
            }
        }
    }

    private static boolean inRange(String number) {
        int port = Integer.parseInt(number);
        return port >= 1 && port <= 65535;
    }

    private static void add(CopyInstruction add, List<Finding> out) {
        boolean archive = false;
        boolean local = false;
        for (String source : add.sources()) {
            String s = source.toLowerCase(Locale.ROOT).replaceAll("^[\"']|[\"']$", "");
            if (s.startsWith("http://") || s.startsWith("https://")) {
                if (add.flag("checksum").isEmpty() && !s.endsWith(".git")) {
                    out.add(Rules.ADD_URL.at(add.line(), "ADD " + source + " downloads without checking what it got"));
                }
            } else if (s.startsWith("git@") || s.endsWith(".git")) {
                continue;
            } else if (ARCHIVE.matcher(s).matches()) {
                archive = true;
            } else {
                local = true;
            }
        }
        if (local && !archive) {
            out.add(Rules.ADD_LOCAL_FILE.at(add.line(), "ADD " + String.join(" ", add.sources()) + " copies local files"));
        }
    }

    private static void commands(Stage stage, String keyword, Rule multiple, List<Finding> out) {
        List<CommandInstruction> commands = stage.all(CommandInstruction.class).stream().filter(c -> c.keyword().equals(keyword)).toList();
        for (int i = 0; i < commands.size(); i++) {
            CommandInstruction c = commands.get(i);
            if (i > 0) {
                out.add(multiple.at(c.line(), keyword + " at line " + c.line() + " replaces the " + keyword + " at line "
                        + commands.get(i - 1).line()));
            }
            if (!c.command().isExecForm()) {
                out.add(Rules.SHELL_FORM_COMMAND.at(c.line(), keyword + " " + c.command().text()
                        + " runs under /bin/sh -c, which does not pass SIGTERM on"));
            }
        }
    }

    /** The last USER of the shipped stages decides who the container runs as. */
    private static void user(LintedFile file, List<Finding> out) {
        Optional<SimpleInstruction> last = Optional.empty();
        for (Stage stage : file.shipped()) {
            last = stage.all(SimpleInstruction.class).stream().filter(s -> s.keyword().equals("USER")).reduce((a, b) -> b);
            if (last.isPresent()) {
                break;
            }
        }
        if (last.isPresent()) {
            String user = last.get().text().replaceAll("[\"']", "").split(":", 2)[0];
            if (user.equals("root") || user.equals("0")) {
                out.add(Rules.RUNS_AS_ROOT.at(last.get().line(), "the last USER of the final stage is " + user));
            }
            return;
        }
        Stage finalStage = file.dockerfile().finalStage();
        boolean nonRootBase = file.rootImage(finalStage).map(i -> i.toLowerCase(Locale.ROOT).contains("nonroot")).orElse(false);
        if (!nonRootBase) {
            out.add(Rules.RUNS_AS_ROOT.at(finalStage.from().line(), "the final stage sets no USER, so the container runs as "
                    + "root unless its base image chose another user"));
        }
    }
}
