package dev.gantry.dockerfile;

import java.util.List;

/** {@code ENV} or {@code LABEL}: raw key/value pairs in written order. */
public record KeyValueInstruction(String keyword, List<KeyValue> pairs, Source source) implements Instruction {
    public KeyValueInstruction {
        pairs = List.copyOf(pairs);
    }

    @Override
    public List<Flag> flags() {
        return List.of();
    }
}
