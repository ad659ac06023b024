package dev.gantry.dockerfile;

import java.util.List;

/**
 * {@code ONBUILD instruction}: a trigger recorded in the image for builds that use it as a base.
 *
 * @param trigger the instruction it records, parsed (never FROM or another ONBUILD)
 * @param source  where it is in the file
 */
public record OnbuildInstruction(Instruction trigger, Source source) implements Instruction {
    @Override
    public String keyword() {
        return "ONBUILD";
    }

    @Override
    public List<Flag> flags() {
        return List.of();
    }
}
