package dev.gantry.dockerfile;

import java.util.List;

/**
 * The instructions with plain arguments: WORKDIR, USER, EXPOSE, VOLUME, STOPSIGNAL, MAINTAINER.
 * {@code text} is everything after the keyword; {@code words} splits it at blanks (quotes do
 * not group, as in buildkit) or, for VOLUME's JSON form, holds the array's strings.
 *
 * @param keyword the instruction's keyword, upper case
 * @param text    everything after the keyword, raw
 * @param words   the arguments, raw
 * @param source  where it is in the file
 */
public record SimpleInstruction(String keyword, String text, List<String> words, Source source) implements Instruction {
    /** Keeps an immutable copy of the words. */
    public SimpleInstruction {
        words = List.copyOf(words);
    }

    @Override
    public List<Flag> flags() {
        return List.of();
    }
}
