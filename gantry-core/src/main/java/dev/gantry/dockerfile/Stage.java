package dev.gantry.dockerfile;

import java.util.List;
import java.util.Optional;

/**
 * One build stage: its FROM and the instructions after it up to the next FROM. {@code index}
 * counts from 0 in file order, as {@code COPY --from=0} does.
 *
 * @param index        the stage's position, from 0
 * @param from         its FROM line
 * @param instructions the instructions after FROM, in order
 */
public record Stage(int index, FromInstruction from, List<Instruction> instructions) {
    /** Keeps an immutable copy of the instructions. */
    public Stage {
        instructions = List.copyOf(instructions);
    }

    /** {@return the raw base image of FROM: an image reference, an earlier stage's name, or {@code scratch}} */
    public String baseImage() {
        return from.image();
    }

    /** {@return the stage's {@code AS} name, lower-cased, when it has one} */
    public Optional<String> name() {
        return Optional.ofNullable(from.stageName());
    }

    /** {@return the raw {@code FROM --platform} value, when given} */
    public Optional<String> platform() {
        return from.platform();
    }

    /**
     * {@return the instructions of one kind, in order}
     *
     * @param type the instruction record, e.g. {@code RunInstruction.class}
     * @param <T>  that type
     */
    public <T extends Instruction> List<T> all(Class<T> type) {
        return instructions.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
