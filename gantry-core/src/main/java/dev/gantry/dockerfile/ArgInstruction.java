package dev.gantry.dockerfile;

import java.util.List;

/**
 * {@code ARG name[=default] ...}: one or more declarations.
 *
 * @param declarations the names declared, in order
 * @param source       where it is in the file
 */
public record ArgInstruction(List<Declaration> declarations, Source source) implements Instruction {
    /** Keeps an immutable copy of the declarations. */
    public ArgInstruction {
        declarations = List.copyOf(declarations);
    }

    /**
     * One declared build argument.
     *
     * @param name         the argument's name
     * @param defaultValue its raw default, or null when it has none
     */
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
