package dev.gantry.dockerfile;

import dev.gantry.error.InvalidInputException;

/** A Dockerfile that breaks the Dockerfile grammar; the message names the file and line and what is wrong. */
public class DockerfileSyntaxException extends InvalidInputException {
    private final int line;

    public DockerfileSyntaxException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
