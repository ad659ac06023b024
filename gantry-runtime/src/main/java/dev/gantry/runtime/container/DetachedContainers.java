package dev.gantry.runtime.container;

import dev.gantry.error.InvalidInputException;
import dev.gantry.runtime.network.ContainerNetwork;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Containers that run after gantry has exited ({@code run -d}), as docker's shim keeps them: a
 * small shell process in a session of its own runs {@code runc run} in the foreground with the
 * container's output appended to {@code output.log}, then tears its network down (the script
 * {@link ContainerNetwork} wrote), unmounts the overlay and writes the
 * exit code to {@code exit-code} (renamed into place). That file is how {@code ps}, {@code logs},
 * {@code stop} and {@code rm} learn the container has exited and with what, since runc keeps no
 * exit status once its process is gone.
 */
public final class DetachedContainers {
    static final String OUTPUT = "output.log";
    static final String EXIT_CODE = "exit-code";
    /** What {@link #stop} returns for a container run with {@code --rm}: it was deleted on exit, keeping no code. */
    public static final int REMOVED_ON_EXIT = -1;
    /** $1 runtime, $2 log, $3 bundle, $4 id, $5 output, $6 rootfs, $7 remove (1/0). */
    private static final String SHIM = """
            "$1" --log "$2" --log-format json run --bundle "$3" "$4" </dev/null >>"$5" 2>&1
            code=$?
            """ + ContainerNetwork.shimTeardown("\"$3\"") + """
            umount "$6" 2>/dev/null
            if [ "$7" = 1 ]; then
                mountpoint -q "$6" || rm -rf "$3"
            else
                echo "$code" > "$3/exit-code.tmp" && mv "$3/exit-code.tmp" "$3/exit-code"
            fi
            """;

    private DetachedContainers() {
    }

    /** Starts the shim; returns once runc reports the container running, or it has already exited. */
    static void start(OciRuntime runtime, Container container, Path runtimeLog, boolean remove) throws IOException {
        Files.deleteIfExists(container.dir().resolve(EXIT_CODE));
        List<String> command = List.of("setsid", "sh", "-c", SHIM, "gantry-shim", runtime.binary().toString(),
                runtimeLog.toAbsolutePath().toString(), container.dir().toAbsolutePath().toString(), container.runtimeId(),
                container.dir().resolve(OUTPUT).toAbsolutePath().toString(), container.rootfsDir().toAbsolutePath().toString(),
                remove ? "1" : "0");
        new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (exitCode(container) != null || !Files.isDirectory(container.dir())) {
                String startError = OciRuntime.startError(runtimeLog);
                if (startError != null) {
                    throw ContainerStartException.fromRuntimeError(container.shortId(), startError);
                }
                return; // it ran and is done already: ps says exited, logs has its output
            }
            // "stopped" is not enough: a process that could not start is stopped too, until the shim
            // records the exit and the runtime's log says why (checked above).
            if ("running".equals(runtime.status(container.runtimeId()))) {
                return;
            }
            sleep(20);
        }
        throw new IOException("container " + container.shortId() + " did not start within 30 s; see " + runtimeLog);
    }

    /**
     * The exit code the shim recorded when the container's process ended.
     *
     * @param container the container
     * @return the code, or null while the container runs (or when it was never detached)
     * @throws IOException when the record cannot be read or holds no number
     */
    public static Integer exitCode(Container container) throws IOException {
        Path file = container.dir().resolve(EXIT_CODE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        String text = Files.readString(file).strip();
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw new IOException("container " + container.shortId() + ": " + file + " holds '" + text + "', not an exit code");
        }
    }

    /**
     * Copies the container's output so far to {@code out}; with {@code follow}, keeps copying as it grows until
     * the container has exited (docker logs -f).
     *
     * @param container a container run with {@code -d}
     * @param follow    keep copying until the container exits
     * @param out       receives the output (stdout and stderr interleaved, as written); flushed, not closed
     * @throws dev.gantry.error.InvalidInputException when the container keeps no log (it was not run with
     *         {@code -d})
     * @throws IOException when the log cannot be read, {@code out} fails, or the wait is interrupted
     */
    public static void logs(Container container, boolean follow, OutputStream out) throws IOException {
        Path file = container.dir().resolve(OUTPUT);
        if (!Files.exists(file)) {
            throw new InvalidInputException("container " + container.shortId() + " keeps no log: only containers run with -d do "
                    + "(a foreground run's output went to its terminal)");
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                int n = in.read(buffer);
                if (n > 0) {
                    out.write(buffer, 0, n);
                    continue;
                }
                out.flush();
                if (!follow || exitCode(container) != null || !Files.isDirectory(container.dir())) {
                    // one more read: what was written between the last read and the exit
                    int rest;
                    while ((rest = in.read(buffer)) > 0) {
                        out.write(buffer, 0, rest);
                    }
                    out.flush();
                    return;
                }
                sleep(100);
            }
        }
    }

    /**
     * docker stop: SIGTERM, then SIGKILL after {@code grace}. The shim unmounts and records the code once runc
     * has returned; a container that has exited already is left as it is.
     *
     * @param runtime   the runtime the container runs under
     * @param container a detached container
     * @param grace     how long the process may take to exit after SIGTERM
     * @return the process's exit code, or {@link #REMOVED_ON_EXIT} for a container run with {@code --rm}, deleted on exit
     * @throws IOException when the runtime fails, the process has not exited 10 s after SIGKILL, or the wait is
     *                     interrupted
     */
    public static int stop(OciRuntime runtime, Container container, Duration grace) throws IOException {
        Integer code = exitCode(container);
        if (code != null) {
            return code;
        }
        runtime.kill(container.runtimeId(), "TERM");
        Instant deadline = Instant.now().plus(grace);
        // a container run with --rm records no code: the shim deletes its directory instead
        while ((code = exitCode(container)) == null && Files.isDirectory(container.dir()) && Instant.now().isBefore(deadline)) {
            sleep(50);
        }
        if (code == null && Files.isDirectory(container.dir())) {
            runtime.kill(container.runtimeId(), "KILL");
            Instant killDeadline = Instant.now().plus(Duration.ofSeconds(10));
            while ((code = exitCode(container)) == null && Files.isDirectory(container.dir()) && Instant.now().isBefore(killDeadline)) {
                sleep(50);
            }
        }
        if (code == null) {
            if (!Files.isDirectory(container.dir())) {
                return REMOVED_ON_EXIT;
            }
            throw new IOException("container " + container.shortId() + " did not exit after SIGKILL");
        }
        return code;
    }

    /**
     * docker exec: runs {@code args} inside the running container and waits for them.
     *
     * @param runtime   the runtime the container runs under
     * @param container a running detached container
     * @param args      the program and its arguments
     * @param settings  {@code -i} passes this process's stdin on; {@code -t} gives the command a terminal
     *                  relayed on this process's own stdio (then {@code out} and {@code err} get nothing)
     * @param out       receives the command's stdout
     * @param err       receives the command's stderr
     * @return the command's exit code
     * @throws dev.gantry.error.InvalidInputException when the container is not running
     * @throws IOException when the runtime cannot be run or the wait is interrupted
     */
    public static int exec(OciRuntime runtime, Container container, List<String> args, RunSettings settings,
                           OutputStream out, OutputStream err) throws IOException {
        if (exitCode(container) != null || !"running".equals(runtime.status(container.runtimeId()))) {
            throw new InvalidInputException("container " + container.shortId() + " is not running; start one with run -d");
        }
        List<String> command = new ArrayList<>(List.of(runtime.binary().toString(), "exec"));
        if (settings.tty()) {
            command.add("-t");
        }
        command.add(container.runtimeId());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        if (settings.tty()) {
            builder.inheritIO();
        } else {
            builder.redirectInput(settings.interactive() ? ProcessBuilder.Redirect.INHERIT
                    : ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process process = builder.start();
        Thread errPump = Thread.ofPlatform().name("gantry-exec-stderr").start(() -> ContainerRunner.pump(process.getErrorStream(), err));
        ContainerRunner.pump(process.getInputStream(), out);
        try {
            int code = process.waitFor();
            errPump.join();
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new IOException("interrupted while exec ran in " + container.shortId(), e);
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
