package dev.gantry.runtime.host;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host tool (mount, umount, runc, ip, iptables, the CNI plugins) with arguments, never through a shell,
 * at most 60 s, its output captured; finds tools on the PATH plus the sbin directories root's tools live in. The
 * one place the runtime starts a short-lived host process (an internal package: not exported).
 */
public final class HostCommand {
    /** Root's tool directories, which a non-login PATH may lack. */
    private static final String SBIN = "/usr/local/sbin:/usr/sbin:/sbin";

    /**
     * What a finished command printed and returned.
     *
     * @param exitCode its exit code
     * @param stdout   its standard output
     * @param stderr   its standard error, stripped
     */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private HostCommand() {
    }

    /**
     * The tool's path on $PATH (plus the sbin directories), or null.
     *
     * @param tool the tool's name
     * @return its executable, or null when not installed
     */
    public static Path find(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + SBIN + ":/usr/bin:/bin";
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return Path.of(dir, tool);
            }
        }
        return null;
    }

    /**
     * Runs to completion in {@code cwd} (null: this process's), stdin from /dev/null.
     *
     * @param cwd     the working directory, or null
     * @param command the tool and its arguments
     * @return what it printed and returned
     * @throws IOException when it cannot start, does not finish in 60 s, or the wait is interrupted
     */
    public static Result run(Path cwd, List<String> command) throws IOException {
        return run(cwd, command, Map.of(), null);
    }

    /**
     * Runs to completion with extra environment (the sbin directories added to its PATH, since tools like the CNI
     * plugins run iptables by name) and optional standard input.
     *
     * @param cwd     the working directory, or null
     * @param command the tool and its arguments
     * @param env     variables added to the environment
     * @param stdin   its standard input, or null for /dev/null
     * @return what it printed and returned
     * @throws IOException when it cannot start, does not finish in 60 s, or the wait is interrupted
     */
    public static Result run(Path cwd, List<String> command, Map<String, String> env, byte[] stdin) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (cwd != null) {
            builder.directory(cwd.toFile());
        }
        builder.environment().putAll(env);
        builder.environment().merge("PATH", SBIN, (a, b) -> a + File.pathSeparator + b);
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process process = builder.start();
        try {
            // Small outputs only: stderr on a side thread so neither pipe fills.
            CompletableFuture<byte[]> err = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    err.complete(process.getErrorStream().readAllBytes());
                } catch (IOException e) {
                    err.complete(new byte[0]);
                }
            });
            if (stdin != null) {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException closedEarly) {
                    // the tool exited without reading: its exit code and output say why
                }
            }
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8).strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
    }

    /**
     * Runs and fails with the tool's stderr unless it exits 0.
     *
     * @param cwd     the working directory, or null
     * @param command the tool and its arguments
     * @return what it printed
     * @throws IOException when it fails, naming the command, its exit code and stderr
     */
    public static Result check(Path cwd, List<String> command) throws IOException {
        Result result = run(cwd, command);
        if (result.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + result.exitCode() + "): " + result.stderr());
        }
        return result;
    }
}
