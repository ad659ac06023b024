package dev.gantry.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The optional modules an install keeps off the class path, in {@code plugins/NAME/*.jar} beside
 * {@code gantry-cli.jar} (gantry-cli's pom puts the S3 storage driver and its AWS SDK in
 * {@code plugins/s3}). The JDK searches every jar of the class path for services at the first
 * registry request or process start (a logger backend, URL protocol handlers), so 32 SDK jars there
 * cost every such command ~0.02 s of opening for nothing. The commands that can open a registry's
 * storage make a class loader over the plugins, child of the class path's, their thread's context
 * loader, through which the storage driver lookup ({@code ServiceLoader}) finds them. In a build
 * run from its classes (tests, an IDE) everything is on the class path and nothing changes.
 */
final class Plugins {
    static final String DIRECTORY = "plugins";

    private Plugins() {
    }

    /** Makes the plugins' class loader this thread's context loader (threads it starts inherit it), when there are plugins. */
    static void useOnThisThread() {
        List<URL> jars = jars(directory());
        if (!jars.isEmpty()) {
            Thread.currentThread().setContextClassLoader(
                    new URLClassLoader("gantry-plugins", jars.toArray(URL[]::new), ClassLoader.getSystemClassLoader()));
        }
    }

    /** {@code plugins} beside the jar this class came from; null when it came from a directory of classes. */
    static Path directory() {
        CodeSource source = Plugins.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(location) ? location.resolveSibling(DIRECTORY) : null;
        } catch (URISyntaxException | IllegalArgumentException notAFile) {
            return null;
        }
    }

    /** Every {@code NAME/*.jar} under {@code dir}, in name order; none when it is null or absent. */
    static List<URL> jars(Path dir) {
        List<URL> jars = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return jars;
        }
        try (Stream<Path> plugins = Files.list(dir)) {
            for (Path plugin : plugins.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(plugin)) {
                    for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                        jars.add(jar.toUri().toURL());
                    }
                }
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the plugins in " + dir, e);
        }
        return jars;
    }
}
