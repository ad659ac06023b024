package dev.gantry.dockerfile;

import java.util.List;
import java.util.Optional;

/**
 * One Dockerfile instruction. {@code keyword()} is upper case whatever the file's spelling;
 * {@code source()} gives its line range and logical text. Variants carry what the builder and
 * the linter need already split; values stay raw (quotes and {@code $VAR} kept) so they can be
 * expanded later in the right {@link Variables} scope.
 */
public sealed interface Instruction permits FromInstruction, RunInstruction, CopyInstruction, ArgInstruction,
        KeyValueInstruction, CommandInstruction, HealthcheckInstruction, OnbuildInstruction, SimpleInstruction {
    /** {@return the instruction's keyword in upper case, e.g. {@code RUN}, whatever the file's spelling} */
    String keyword();

    /** {@return where the instruction is in the file: its lines and its logical text} */
    Source source();

    /** {@return the builder flags ({@code --from=x}) in written order; empty for instructions that take none} */
    List<Flag> flags();

    /**
     * {@return the last flag of that name (a repeated flag overrides, except --mount: see {@link #flags(String)})}
     *
     * @param name the flag's name without dashes, e.g. {@code from}
     */
    default Optional<Flag> flag(String name) {
        List<Flag> all = flags(name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    /**
     * {@return every flag of that name in written order, for flags that may repeat ({@code RUN --mount})}
     *
     * @param name the flag's name without dashes
     */
    default List<Flag> flags(String name) {
        return flags().stream().filter(f -> f.name().equals(name)).toList();
    }

    /** {@return the 1-based line the instruction starts on, for messages} */
    default int line() {
        return source().startLine();
    }
}
