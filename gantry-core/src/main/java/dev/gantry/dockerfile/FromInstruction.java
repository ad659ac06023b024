package dev.gantry.dockerfile;

import java.util.List;
import java.util.Optional;

/**
 * {@code FROM [--platform=P] image [AS name]}.
 *
 * @param flags     the builder flags ({@code --platform}) in written order
 * @param image     the base as written (not expanded): an image reference, an earlier stage's name, or {@code scratch}
 * @param stageName the {@code AS} name, lower-cased, or null when absent
 * @param source    where it is in the file
 */
public record FromInstruction(List<Flag> flags, String image, String stageName, Source source) implements Instruction {
    /** Keeps an immutable copy of the flags. */
    public FromInstruction {
        flags = List.copyOf(flags);
    }

    @Override
    public String keyword() {
        return "FROM";
    }

    /** {@return the raw {@code --platform} value, which may hold variables such as {@code $BUILDPLATFORM}} */
    public Optional<String> platform() {
        return flag("platform").map(Flag::value);
    }
}
