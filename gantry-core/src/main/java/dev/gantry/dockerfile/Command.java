package dev.gantry.dockerfile;

import java.util.List;

/**
 * What RUN, CMD, ENTRYPOINT, SHELL and HEALTHCHECK CMD execute: either the exec (JSON array)
 * form, {@code exec} non-null, or the shell form, {@code exec} null and {@code text} the command
 * line as written (the builder does not expand variables in it: the shell does).
 *
 * @param text the command as written in the file (for the exec form, the JSON array's text)
 * @param exec the exec form's arguments, or null for the shell form
 */
public record Command(String text, List<String> exec) {
    /** Keeps an immutable copy of the arguments. */
    public Command {
        exec = exec == null ? null : List.copyOf(exec);
    }

    /**
     * {@return the shell form of a command line, run by the stage's shell ({@code /bin/sh -c} unless SHELL changed it)}
     *
     * @param text the command line as written
     */
    public static Command shell(String text) {
        return new Command(text, null);
    }

    /** {@return true for the exec (JSON array) form, which runs without a shell} */
    public boolean isExecForm() {
        return exec != null;
    }
}
