package dev.gantry.dockerfile;

import java.util.List;
import java.util.Map;

/**
 * {@code RUN [--mount=...] [--network=...] command}, shell or exec form, with any heredoc bodies.
 *
 * @param flags    the builder flags in written order ({@code --mount} may repeat)
 * @param command  what to run
 * @param heredocs the here-documents the command line names, in order
 * @param source   where it is in the file
 */
public record RunInstruction(List<Flag> flags, Command command, List<Heredoc> heredocs, Source source) implements Instruction {
    /** Keeps immutable copies of the lists. */
    public RunInstruction {
        flags = List.copyOf(flags);
        heredocs = List.copyOf(heredocs);
    }

    @Override
    public String keyword() {
        return "RUN";
    }

    /** {@return each {@code --mount} as its options, e.g. {type=secret, id=npmrc, target=/root/.npmrc}} */
    public List<Map<String, String>> mounts() {
        return flags("mount").stream().map(Flag::options).toList();
    }
}
