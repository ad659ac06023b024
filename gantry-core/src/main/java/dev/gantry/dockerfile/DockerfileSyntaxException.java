package dev.gantry.dockerfile;

import dev.gantry.error.InvalidInputException;

/** A Dockerfile that breaks the Dockerfile grammar; the message names the file and line and what is wrong. */
public class DockerfileSyntaxException extends InvalidInputException {
    private final int line;

    /**
     * A syntax error at one line; the message reads {@code file:line: problem}.
     *
     * @param file    what the file is called
     * @param line    the 1-based line
     * @param problem what is wrong there and, when possible, how to write it
     */
    public DockerfileSyntaxException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.line = line;
    }

    /** {@return the 1-based line the error is on} */
    public int line() {
        return line;
    }
}
