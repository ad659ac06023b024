package dev.gantry.dockerfile;

import java.util.List;

/** {@code CMD}, {@code ENTRYPOINT} or {@code SHELL} (always exec form) and its command. */
public record CommandInstruction(String keyword, Command command, Source source) implements Instruction {
    @Override
    public List<Flag> flags() {
        return List.of();
    }
}
