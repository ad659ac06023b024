package dev.gantry.dockerfile;

import java.util.List;
import java.util.Optional;

/**
 * {@code COPY} or {@code ADD}: sources and destination (raw, JSON form already unwrapped), flags
 * such as {@code --from}, {@code --chown}, {@code --chmod}, {@code --link}. A heredoc source
 * ({@code COPY <<EOF /x}) appears in {@code sources} as {@code <<EOF} and its body in {@code heredocs}.
 */
public record CopyInstruction(String keyword, List<Flag> flags, List<String> sources, String destination,
                              List<Heredoc> heredocs, Source source) implements Instruction {
    public CopyInstruction {
        flags = List.copyOf(flags);
        sources = List.copyOf(sources);
        heredocs = List.copyOf(heredocs);
    }

    public boolean isAdd() {
        return keyword.equals("ADD");
    }

    /** The stage name, stage index or image of {@code --from}, when copying from another stage. */
    public Optional<String> from() {
        return flag("from").map(Flag::value);
    }
}
