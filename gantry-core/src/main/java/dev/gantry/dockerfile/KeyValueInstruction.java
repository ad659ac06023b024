package dev.gantry.dockerfile;

import java.util.List;

/**
 * {@code ENV} or {@code LABEL}: raw key/value pairs in written order.
 *
 * @param keyword {@code ENV} or {@code LABEL}
 * @param pairs   the pairs, at least one
 * @param source  where it is in the file
 */
public record KeyValueInstruction(String keyword, List<KeyValue> pairs, Source source) implements Instruction {
    /** Keeps an immutable copy of the pairs. */
    public KeyValueInstruction {
        pairs = List.copyOf(pairs);
    }

    @Override
    public List<Flag> flags() {
        return List.of();
    }
}
