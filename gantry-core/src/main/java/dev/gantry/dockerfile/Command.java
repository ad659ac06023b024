package dev.gantry.dockerfile;

import java.util.List;

/**
 * What RUN, CMD, ENTRYPOINT, SHELL and HEALTHCHECK CMD execute: either the exec (JSON array)
 * form, {@code exec} non-null, or the shell form, {@code exec} null and {@code text} the command
 * line as written (the builder does not expand variables in it: the shell does).
 */
public record Command(String text, List<String> exec) {
    public Command {
        exec = exec == null ? null : List.copyOf(exec);
    }

    public static Command shell(String text) {
        return new Command(text, null);
    }

    public boolean isExecForm() {
        return exec != null;
    }
}
