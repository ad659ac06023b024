package dev.gantry.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the gantry process ends: its code, its output flushed, every shutdown hook and
 * delete-on-exit file honoured, and the JDK's search for a logging backend over the whole class
 * path skipped when nothing waits for shutdown. Each case is a JVM of its own whose class path
 * ends in a directory registering {@link MarkingLoggerFinder}: a search leaves its marker file.
 */
class ProcessExitTest {
    private static final List<String> OPENS = List.of(
            "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/java.io=ALL-UNNAMED");

    @TempDir
    Path dir;

    record Ended(int code, String output, boolean loggerLookedUp) {
    }

    @Test
    void haltsWithTheCodeAndFlushedOutputWithoutSearchingTheClassPathWhenNothingWaits() throws Exception {
        Ended ended = run(OPENS, "nothing");
        assertThat(ended.code()).isEqualTo(3);
        assertThat(ended.output()).isEqualTo("done");
        assertThat(ended.loggerLookedUp()).isFalse();
    }

    @Test
    void systemExitSearchesTheClassPathForALoggerFinder() throws Exception {
        // the behaviour avoided above, shown by the same marker, so that the marker can be trusted
        Ended ended = run(OPENS, "system-exit");
        assertThat(ended.code()).isEqualTo(3);
        assertThat(ended.loggerLookedUp()).isTrue();
    }

    @Test
    void runsTheShutdownHooksWhenAnyIsRegistered() throws Exception {
        Ended ended = run(OPENS, "hook");
        assertThat(ended.code()).isEqualTo(3);
        assertThat(ended.output()).isEqualTo("donehook ran\n");
    }

    @Test
    void deletesTheFilesMarkedForDeletionOnExit() throws Exception {
        Path file = dir.resolve("temporary");
        Ended ended = run(OPENS, "delete-on-exit", file.toString());
        assertThat(ended.code()).isEqualTo(3);
        assertThat(file).doesNotExist();
    }

    @Test
    void haltsWhenEveryFileMarkedForDeletionIsAlreadyGone() throws Exception {
        Ended ended = run(OPENS, "deleted-before-exit", dir.resolve("extracted-library").toString());
        assertThat(ended.code()).isEqualTo(3);
        assertThat(ended.loggerLookedUp()).isFalse();
    }

    @Test
    void fallsBackToSystemExitWhenTheJdksShutdownStateCannotBeRead() throws Exception {
        Ended ended = run(List.of(), "nothing");
        assertThat(ended.code()).isEqualTo(3);
        assertThat(ended.output()).isEqualTo("done");
        assertThat(ended.loggerLookedUp()).isTrue();
    }

    private Ended run(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        Path services = dir.resolve("services");
        Files.createDirectories(services.resolve("META-INF/services"));
        Files.writeString(services.resolve("META-INF/services/java.lang.System$LoggerFinder"), MarkingLoggerFinder.class.getName() + "\n");
        Path marker = dir.resolve("logger-finder-looked-up");
        Files.deleteIfExists(marker);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dgantry.test.logger-finder-marker=" + marker,
                "-cp", System.getProperty("java.class.path") + java.io.File.pathSeparator + services,
                ProcessExitProbe.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Ended(process.exitValue(), output, Files.exists(marker));
    }
}
