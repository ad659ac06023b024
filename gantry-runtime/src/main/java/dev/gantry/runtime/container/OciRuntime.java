package dev.gantry.runtime.container;

import dev.gantry.error.NotFoundException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The OCI runtime that starts containers: runc, or crun when runc is absent (crun fails on
 * this project's build machines with "cgroups in hybrid mode not supported", runc works).
 */
public record OciRuntime(Path binary) {
    /** runc when installed, else crun. */
    public static OciRuntime detect() {
        Path runc = HostCommand.find("runc");
        Path found = runc != null ? runc : HostCommand.find("crun");
        if (found == null) {
            throw new NotFoundException("neither runc nor crun is installed; install one (apt-get install runc) to run containers");
        }
        return new OciRuntime(found);
    }

    /** True when runc or crun is installed. */
    public static boolean available() {
        return HostCommand.find("runc") != null || HostCommand.find("crun") != null;
    }

    public String name() {
        return binary.getFileName().toString();
    }

    /**
     * Starts {@code runc run --bundle DIR ID}: it creates the container, runs its process in the
     * foreground and deletes the runtime's state when the process exits; its exit code is the
     * process's. stdin is /dev/null (no -i), stdout and stderr are pipes for the caller to read.
     */
    public Process run(Path bundle, String id) throws IOException {
        return new ProcessBuilder(binary.toString(), "run", "--bundle", bundle.toAbsolutePath().toString(), id)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }

    /** Deletes the runtime's state of {@code id}, killing it if it still runs; nothing to delete is fine. */
    public void delete(String id) throws IOException {
        HostCommand.Result deleted = HostCommand.run(null, List.of(binary.toString(), "delete", "--force", id));
        if (deleted.exitCode() != 0 && status(id) != null) {
            throw new IOException(name() + " delete --force " + id + " failed: " + deleted.stderr());
        }
    }

    /** The runtime's status of {@code id} ("running", "stopped"...), or null when it knows no such container. */
    public String status(String id) throws IOException {
        HostCommand.Result state = HostCommand.run(null, List.of(binary.toString(), "state", id));
        if (state.exitCode() != 0) {
            return null;
        }
        return dev.gantry.oci.Json.tree(state.stdout().getBytes(java.nio.charset.StandardCharsets.UTF_8), name() + " state " + id)
                .path("status").asText(null);
    }
}
