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
    String keyword();

    Source source();

    /** Builder flags in written order; empty for instructions that take none. */
    List<Flag> flags();

    /** The last flag of that name (a repeated flag overrides, except --mount: see {@link #flags(String)}). */
    default Optional<Flag> flag(String name) {
        List<Flag> all = flags(name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    default List<Flag> flags(String name) {
        return flags().stream().filter(f -> f.name().equals(name)).toList();
    }

    default int line() {
        return source().startLine();
    }
}
