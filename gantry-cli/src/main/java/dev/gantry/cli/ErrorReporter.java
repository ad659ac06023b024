package dev.gantry.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gantry.error.GantryException;
import dev.gantry.runtime.container.ContainerStartException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Turns failures into one clear line on stderr and exit code 2; a stack trace only with GANTRY_DEBUG=1. */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        // The JDK's directory streams (Files.list, Files.walk) report I/O failures as UncheckedIOException.
        Throwable e = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        String message = switch (e) {
            case GantryException g -> g.getMessage();
            case NoSuchFileException n -> "no such file: " + n.getFile();
            case AccessDeniedException a -> "permission denied: " + a.getFile();
            // Jackson's exceptions are IOExceptions whose message ends in a location naming its settings.
            case JsonProcessingException json -> "invalid JSON: " + json.getOriginalMessage();
            case IOException io -> "I/O error: " + io.getMessage();
            default -> "internal error: " + e;
        };
        cmd.getErr().println("gantry: error: " + message);
        if ("1".equals(System.getenv("GANTRY_DEBUG")) || !(e instanceof GantryException || e instanceof IOException)) {
            e.printStackTrace(cmd.getErr());
        }
        // docker's statuses for a container that never ran: 127 command not found, 126 not executable, 125 runtime failure.
        return e instanceof ContainerStartException notStarted ? notStarted.exitCode() : Main.EXIT_ERROR;
    }
}
