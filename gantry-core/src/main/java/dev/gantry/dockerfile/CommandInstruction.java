package dev.gantry.dockerfile;

import java.util.List;

/**
 * {@code CMD}, {@code ENTRYPOINT} or {@code SHELL} (always exec form) and its command.
 *
 * @param keyword {@code CMD}, {@code ENTRYPOINT} or {@code SHELL}
 * @param command what it sets
 * @param source  where it is in the file
 */
public record CommandInstruction(String keyword, Command command, Source source) implements Instruction {
    @Override
    public List<Flag> flags() {
        return List.of();
    }
}
