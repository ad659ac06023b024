package dev.gantry.build.containerfile;

import dev.gantry.dockerfile.Heredoc;
import dev.gantry.dockerfile.RunInstruction;
import dev.gantry.error.UnsupportedFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a RUN executes, with its here-documents as buildkit runs them. {@code RUN <<EOF} alone
 * makes the body a script: given to the stage's shell, or, when it starts with {@code #!},
 * bind-mounted at {@code /dev/pipes/EOF} (inside the container's /dev tmpfs, so never in the
 * layer) and executed itself. A command using here-documents ({@code RUN cat <<A > f}) goes to
 * the shell with the bodies and terminators after it, so the shell reads them as written,
 * quoting rules included.
 *
 * @param argv        the process's arguments
 * @param description the instruction with its here-document bodies: its history entry and cache key text
 * @param script      the heredoc to mount as an executable script (null: none)
 */
record RunScript(List<String> argv, String description, Heredoc script) {
    private static final Pattern ONLY_HEREDOC = Pattern.compile("<<-?(['\"]?)[A-Za-z_][A-Za-z0-9_]*\\1");
    private static final String PIPES = "/dev/pipes/";

    static RunScript of(RunInstruction run, List<String> shell, String where) {
        StringBuilder description = new StringBuilder(run.source().text());
        StringBuilder bodies = new StringBuilder();
        for (Heredoc heredoc : run.heredocs()) {
            bodies.append('\n').append(heredoc.content()).append(heredoc.name());
        }
        description.append(bodies);
        if (run.command().isExecForm()) {
            if (!run.heredocs().isEmpty()) {
                throw new UnsupportedFormatException(where + ": RUN in exec form (JSON array) cannot take here-documents; "
                        + "write it in shell form");
            }
            return new RunScript(run.command().exec(), description.toString(), null);
        }
        List<String> argv = new ArrayList<>(shell);
        String text = run.command().text();
        if (run.heredocs().size() == 1 && ONLY_HEREDOC.matcher(text.strip()).matches()) {
            Heredoc heredoc = run.heredocs().getFirst();
            if (heredoc.content().startsWith("#!")) {
                return new RunScript(List.of(PIPES + heredoc.name()), description.toString(), heredoc);
            }
            argv.add(heredoc.content());
        } else {
            argv.add(run.heredocs().isEmpty() ? text : text + bodies + "\n");
        }
        return new RunScript(argv, description.toString(), null);
    }

    /** Stages the script (if any) executable and adds its bind mount. */
    void stage(RunMounts mounts) throws IOException {
        if (script == null) {
            return;
        }
        RunMounts.createPrivate(mounts.staging());
        Path file = mounts.staging().resolve("heredoc-" + script.name());
        Files.writeString(file, script.content());
        Files.setAttribute(file, "unix:mode", 0755);
        mounts.bind(file, PIPES + script.name());
    }
}
