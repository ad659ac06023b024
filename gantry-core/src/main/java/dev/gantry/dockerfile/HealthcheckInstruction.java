package dev.gantry.dockerfile;

import java.util.List;

/**
 * {@code HEALTHCHECK [--interval=..] CMD command}, or {@code HEALTHCHECK NONE}.
 *
 * @param flags   the timing flags ({@code --interval}, {@code --timeout}, {@code --start-period},
 *                {@code --start-interval}, {@code --retries}) in written order
 * @param command the check to run, or null for {@code NONE}
 * @param source  where it is in the file
 */
public record HealthcheckInstruction(List<Flag> flags, Command command, Source source) implements Instruction {
    /** Keeps an immutable copy of the flags. */
    public HealthcheckInstruction {
        flags = List.copyOf(flags);
    }

    @Override
    public String keyword() {
        return "HEALTHCHECK";
    }

    /** {@return true for {@code HEALTHCHECK NONE}, which turns off a check the base image set} */
    public boolean disables() {
        return command == null;
    }
}
