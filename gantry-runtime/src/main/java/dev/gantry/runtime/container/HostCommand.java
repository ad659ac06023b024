package dev.gantry.runtime.container;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a host tool (mount, umount, runc) with arguments, never through a shell, and reports its failure with its stderr. */
final class HostCommand {
    /** What a finished command printed and returned. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    private HostCommand() {
    }

    /** The tool's path on $PATH (plus the sbin directories root tools live in), or null. */
    static Path find(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/local/sbin:/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return Path.of(dir, tool);
            }
        }
        return null;
    }

    /** Runs to completion (at most 60 s) in {@code cwd} (null: this process's). */
    static Result run(Path cwd, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (cwd != null) {
            builder.directory(cwd.toFile());
        }
        Process process = builder.start();
        try {
            // Small outputs only (mount, state queries): read stderr on a side thread so neither pipe fills.
            var err = new java.util.concurrent.CompletableFuture<byte[]>();
            Thread.ofVirtual().start(() -> {
                try {
                    err.complete(process.getErrorStream().readAllBytes());
                } catch (IOException e) {
                    err.complete(new byte[0]);
                }
            });
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

    /** Runs and fails with the tool's stderr unless it exits 0. */
    static Result check(Path cwd, List<String> command) throws IOException {
        Result result = run(cwd, command);
        if (result.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + result.exitCode() + "): " + result.stderr());
        }
        return result;
    }
}
