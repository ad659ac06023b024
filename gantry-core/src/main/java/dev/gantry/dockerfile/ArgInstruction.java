package dev.gantry.dockerfile;

import java.util.List;

/** {@code ARG name[=default] ...}: one or more declarations; a default is raw and null when absent. */
public record ArgInstruction(List<Declaration> declarations, Source source) implements Instruction {
    public ArgInstruction {
        declarations = List.copyOf(declarations);
    }

    public record Declaration(String name, String defaultValue) {
    }

    @Override
    public String keyword() {
        return "ARG";
    }

    @Override
    public List<Flag> flags() {
        return List.of();
    }
}
