package dev.gantry.dockerfile;

import java.util.List;
import java.util.Optional;

/** {@code FROM [--platform=P] image [AS name]}; {@code stageName} is lower-cased, null when absent. */
public record FromInstruction(List<Flag> flags, String image, String stageName, Source source) implements Instruction {
    public FromInstruction {
        flags = List.copyOf(flags);
    }

    @Override
    public String keyword() {
        return "FROM";
    }

    /** The raw {@code --platform} value, which may hold variables such as {@code $BUILDPLATFORM}. */
    public Optional<String> platform() {
        return flag("platform").map(Flag::value);
    }
}
