package dev.gantry.dockerfile;

import java.util.List;
import java.util.Optional;

/**
 * One build stage: its FROM and the instructions after it up to the next FROM. {@code index}
 * counts from 0 in file order, as {@code COPY --from=0} does.
 */
public record Stage(int index, FromInstruction from, List<Instruction> instructions) {
    public Stage {
        instructions = List.copyOf(instructions);
    }

    /** The raw base image of FROM: an image reference, an earlier stage's name, or {@code scratch}. */
    public String baseImage() {
        return from.image();
    }

    public Optional<String> name() {
        return Optional.ofNullable(from.stageName());
    }

    public Optional<String> platform() {
        return from.platform();
    }

    /** The instructions of one kind, in order. */
    public <T extends Instruction> List<T> all(Class<T> type) {
        return instructions.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
