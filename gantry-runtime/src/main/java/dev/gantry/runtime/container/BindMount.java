package dev.gantry.runtime.container;

import dev.gantry.error.InvalidInputException;

import java.nio.file.Path;

/**
 * A host file or directory bind-mounted into the container (the runtime config's
 * {@code mounts}), so it is seen by the process without being copied into the rootfs: nothing
 * of it reaches the overlay upper directory, hence no commit or build layer holds it. The
 * build's {@code RUN --mount=type=secret} uses it.
 *
 * @param source      the host path
 * @param destination an absolute path inside the container
 * @param readOnly    mounted read-only
 */
public record BindMount(Path source, String destination, boolean readOnly) {
    /**
     * Checks the destination.
     *
     * @throws dev.gantry.error.InvalidInputException when {@code destination} is not an absolute path
     */
    public BindMount {
        if (!destination.startsWith("/")) {
            throw new InvalidInputException("bind mount destination '" + destination + "' must be an absolute path");
        }
    }
}
