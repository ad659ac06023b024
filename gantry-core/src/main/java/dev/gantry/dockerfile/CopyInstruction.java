package dev.gantry.dockerfile;

import java.util.List;
import java.util.Optional;

/**
 * {@code COPY} or {@code ADD}: sources and destination (raw, JSON form already unwrapped), flags
 * such as {@code --from}, {@code --chown}, {@code --chmod}, {@code --link}. A heredoc source
 * ({@code COPY <<EOF /x}) appears in {@code sources} as {@code <<EOF} and its body in {@code heredocs}.
 *
 * @param keyword     {@code COPY} or {@code ADD}
 * @param flags       the builder flags in written order
 * @param sources     the sources as written (not expanded), at least one
 * @param destination the destination as written (not expanded)
 * @param heredocs    the here-documents the sources name, in order
 * @param source      where it is in the file
 */
public record CopyInstruction(String keyword, List<Flag> flags, List<String> sources, String destination,
                              List<Heredoc> heredocs, Source source) implements Instruction {
    /** Keeps immutable copies of the lists. */
    public CopyInstruction {
        flags = List.copyOf(flags);
        sources = List.copyOf(sources);
        heredocs = List.copyOf(heredocs);
    }

    /** {@return true for ADD, which also unpacks local tar archives} */
    public boolean isAdd() {
        return keyword.equals("ADD");
    }

    /** {@return the stage name, stage index or image of {@code --from}, when copying from another stage} */
    public Optional<String> from() {
        return flag("from").map(Flag::value);
    }
}
