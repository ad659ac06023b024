package dev.gantry.runtime.container;

import dev.gantry.runtime.host.HostCommand;
import dev.gantry.error.NotFoundException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The OCI runtime that starts containers: runc, or crun when runc is absent (crun fails on this project's build
 * machines with "cgroups in hybrid mode not supported", runc works).
 *
 * @param binary the runtime's executable
 */
public record OciRuntime(Path binary) {
    /**
     * runc when installed, else crun, looked up on {@code PATH} and the sbin directories.
     *
     * @return the runtime found
     * @throws dev.gantry.error.NotFoundException when neither is installed
     */
    public static OciRuntime detect() {
        Path runc = HostCommand.find("runc");
        Path found = runc != null ? runc : HostCommand.find("crun");
        if (found == null) {
            throw new NotFoundException("neither runc nor crun is installed; install one (apt-get install runc) to run containers");
        }
        return new OciRuntime(found);
    }

    /**
     * Whether runc or crun is installed.
     *
     * @return true when {@link #detect()} would find one
     */
    public static boolean available() {
        return HostCommand.find("runc") != null || HostCommand.find("crun") != null;
    }

    /**
     * The runtime's name as its own messages start with it ("runc", "crun").
     *
     * @return the executable's file name
     */
    public String name() {
        return binary.getFileName().toString();
    }

    /**
     * Starts {@code runc run --bundle DIR ID}: it creates the container, runs its process in the foreground and
     * deletes the runtime's state when the process exits; its exit code is the process's. stdin is /dev/null
     * (no -i), stdout and stderr are pipes for the caller to read. The runtime's own messages go to {@code log}
     * as JSON lines (runc and crun both write them with {@code --log-format json}), apart from the process's
     * output: see {@link #startError}.
     *
     * @param bundle the bundle directory (config.json and its root)
     * @param id     the runtime's container id, unique on the host
     * @param log    where the runtime logs; an old file there is deleted first
     * @return the started runtime process
     * @throws IOException when the runtime cannot be started
     */
    public Process run(Path bundle, String id, Path log) throws IOException {
        return run(bundle, id, log, RunSettings.defaults());
    }

    /**
     * As {@link #run(Path, String, Path)}, with {@code -i} (stdin is gantry's) and {@code -t} (runc relays the
     * container's terminal on gantry's own stdin, stdout and stderr, so nothing is piped).
     *
     * @param bundle   the bundle directory (config.json and its root)
     * @param id       the runtime's container id, unique on the host
     * @param log      where the runtime logs; an old file there is deleted first
     * @param settings whether stdin is passed on and a terminal allocated
     * @return the started runtime process
     * @throws IOException when the runtime cannot be started
     */
    public Process run(Path bundle, String id, Path log, RunSettings settings) throws IOException {
        Files.deleteIfExists(log);
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "--log", log.toAbsolutePath().toString(), "--log-format", "json",
                "run", "--bundle", bundle.toAbsolutePath().toString(), id);
        if (settings.tty()) {
            builder.inheritIO();
        } else {
            builder.redirectInput(settings.interactive() ? ProcessBuilder.Redirect.INHERIT
                    : ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        return builder.start();
    }

    /**
     * The runtime's last error-level message in {@code log}: a non-zero exit with an error logged means the
     * runtime failed, not the container's process. The log is the runtime's, never the image's, but is still
     * read bounded (lines over 64 KiB and lines that are not JSON are skipped).
     *
     * @param log the file given to {@link #run}
     * @return the message, or null when the log is missing or holds no error
     * @throws IOException when the log cannot be read
     */
    public static String startError(Path log) throws IOException {
        if (!Files.isRegularFile(log)) {
            return null;
        }
        String last = null;
        for (String line : Files.readAllLines(log, java.nio.charset.StandardCharsets.UTF_8)) {
            if (line.length() > 65536 || line.isBlank()) {
                continue;
            }
            try {
                var entry = dev.gantry.oci.Json.tree(line.getBytes(java.nio.charset.StandardCharsets.UTF_8), "runtime log");
                if ("error".equals(entry.path("level").asText()) && entry.path("msg").isTextual()) {
                    last = entry.path("msg").asText();
                }
            } catch (RuntimeException notJson) {
                // a line that is not a JSON record (an older runtime's text) tells nothing reliable
            }
        }
        return last;
    }

    /**
     * Sends {@code signal} to the container's process; a container that is gone already is fine.
     *
     * @param id     the runtime's container id
     * @param signal a signal name without {@code SIG}: TERM, KILL...
     * @throws IOException when the runtime cannot be run or does not finish within 60 s
     */
    public void kill(String id, String signal) throws IOException {
        HostCommand.run(null, List.of(binary.toString(), "kill", id, signal));
    }

    /**
     * Deletes the runtime's state of {@code id}, killing it if it still runs; nothing to delete is fine.
     *
     * @param id the runtime's container id
     * @throws IOException when the runtime fails and still knows the container
     */
    public void delete(String id) throws IOException {
        HostCommand.Result deleted = HostCommand.run(null, List.of(binary.toString(), "delete", "--force", id));
        if (deleted.exitCode() != 0 && status(id) != null) {
            throw new IOException(name() + " delete --force " + id + " failed: " + deleted.stderr());
        }
    }

    /**
     * The runtime's status of {@code id}.
     *
     * @param id the runtime's container id
     * @return "running", "stopped" and so on, or null when the runtime knows no such container
     * @throws IOException when the runtime cannot be run or does not finish within 60 s
     */
    public String status(String id) throws IOException {
        HostCommand.Result state = HostCommand.run(null, List.of(binary.toString(), "state", id));
        if (state.exitCode() != 0) {
            return null;
        }
        return dev.gantry.oci.Json.tree(state.stdout().getBytes(java.nio.charset.StandardCharsets.UTF_8), name() + " state " + id)
                .path("status").asText(null);
    }
}
