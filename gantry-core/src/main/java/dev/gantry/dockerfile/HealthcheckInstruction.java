package dev.gantry.dockerfile;

import java.util.List;

/** {@code HEALTHCHECK [--interval=..] CMD command}, or {@code HEALTHCHECK NONE} ({@code command} null). */
public record HealthcheckInstruction(List<Flag> flags, Command command, Source source) implements Instruction {
    public HealthcheckInstruction {
        flags = List.copyOf(flags);
    }

    @Override
    public String keyword() {
        return "HEALTHCHECK";
    }

    public boolean disables() {
        return command == null;
    }
}
