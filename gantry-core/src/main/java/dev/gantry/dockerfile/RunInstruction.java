package dev.gantry.dockerfile;

import java.util.List;
import java.util.Map;

/** {@code RUN [--mount=...] [--network=...] command}, shell or exec form, with any heredoc bodies. */
public record RunInstruction(List<Flag> flags, Command command, List<Heredoc> heredocs, Source source) implements Instruction {
    public RunInstruction {
        flags = List.copyOf(flags);
        heredocs = List.copyOf(heredocs);
    }

    @Override
    public String keyword() {
        return "RUN";
    }

    /** Each {@code --mount} as its options, e.g. {type=secret, id=npmrc, target=/root/.npmrc}. */
    public List<Map<String, String>> mounts() {
        return flags("mount").stream().map(Flag::options).toList();
    }
}
