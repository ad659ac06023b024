package dev.gantry.runtime.network;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The host's network tools ({@code ip}, {@code iptables-save}, the CNI plugins): found on the PATH plus root's
 * sbin directories, and run without a shell, with a time limit and their output captured.
 */
final class HostTools {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * What one command printed and returned.
     *
     * @param exitCode its exit code
     * @param stdout   its standard output
     * @param stderr   its standard error, stripped
     */
    record Result(int exitCode, String stdout, String stderr) {
    }

    private HostTools() {
    }

    /**
     * A tool's executable.
     *
     * @param name    the tool
     * @param aptName the Debian package that has it, for the message when it is missing
     * @return its path
     * @throws NetworkSetupException when it is not installed
     */
    static Path find(String name, String aptName) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/local/sbin:/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        throw new NetworkSetupException("'" + name + "' is not installed, and the bridge network needs it "
                + "(apt-get install " + aptName + "), or run with --network host or --network none");
    }

    /**
     * Runs a command with extra environment and optional stdin, at most 60 s; never through a shell.
     *
     * @param command the command and its arguments
     * @param env     variables added to the environment
     * @param stdin   its standard input, or null for /dev/null
     * @return what it printed and returned
     * @throws NetworkSetupException when it cannot be started or does not finish in time
     * @throws IOException when interrupted
     */
    static Result run(List<String> command, Map<String, String> env, byte[] stdin) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        // The plugins run iptables and friends by name: root's sbin directories must be on the PATH.
        builder.environment().merge("PATH", "/usr/local/sbin:/usr/sbin:/sbin", (a, b) -> a + File.pathSeparator + b);
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new NetworkSetupException("cannot run " + command.get(0) + ": " + e.getMessage());
        }
        CompletableFuture<byte[]> err = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                err.complete(process.getErrorStream().readAllBytes());
            } catch (IOException e) {
                err.complete(new byte[0]);
            }
        });
        try {
            if (stdin != null) {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException closedEarly) {
                    // the tool exited without reading: its exit code and output say why
                }
            }
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new NetworkSetupException(command.get(0) + " did not finish within 60 s");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8).strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
    }
}
