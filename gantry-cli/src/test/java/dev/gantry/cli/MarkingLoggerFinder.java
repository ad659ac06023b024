package dev.gantry.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code System.LoggerFinder} that leaves a file when the JDK looks one up and makes it: the
 * sign of the class-path-wide service search {@link ProcessExit} exists to avoid. Registered only
 * by {@link ProcessExitTest}, in a directory of its own on a child JVM's class path.
 */
public final class MarkingLoggerFinder extends System.LoggerFinder {
    public MarkingLoggerFinder() {
        try {
            Files.writeString(Path.of(System.getProperty("gantry.test.logger-finder-marker")), "looked up");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new System.Logger() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public boolean isLoggable(Level level) {
                return false;
            }

            @Override
            public void log(Level level, java.util.ResourceBundle bundle, String message, Throwable thrown) {
            }

            @Override
            public void log(Level level, java.util.ResourceBundle bundle, String format, Object... params) {
            }
        };
    }
}
