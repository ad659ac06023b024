package dev.gantry.runtime.container;

import dev.gantry.error.GantryException;

/**
 * The OCI runtime could not start the container's process (its command is missing, not
 * executable, or the runtime failed): no process of the image ran. Carries the exit status
 * docker and podman give such a failure: 127 for a command not found, 126 for one that cannot
 * be executed, 125 for any other failure of the runtime.
 */
public final class ContainerStartException extends GantryException {
    /** A command that is not there (docker run's 127, as a shell's). */
    public static final int NOT_FOUND = 127;
    /** A command that is there but cannot be executed (126). */
    public static final int NOT_EXECUTABLE = 126;
    /** The runtime failed before the process (125). */
    public static final int RUNTIME_FAILED = 125;

    private final int exitCode;

    /**
     * A start failure with the status to report.
     *
     * @param message  what failed, naming the container
     * @param exitCode {@link #NOT_FOUND}, {@link #NOT_EXECUTABLE} or {@link #RUNTIME_FAILED}
     */
    public ContainerStartException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * The exit status to report for this failure, as docker run does.
     *
     * @return 125, 126 or 127
     */
    public int exitCode() {
        return exitCode;
    }

    /**
     * The failure a runtime's error message describes, or null for none. runc says, e.g.,
     * {@code runc run failed: unable to start container process: exec: "x": executable file not
     * found in $PATH}; only the part after the runtime's own prefixes is kept.
     */
    static ContainerStartException fromRuntimeError(String container, String runtimeMessage) {
        String reason = runtimeMessage;
        int start = reason.lastIndexOf("unable to start container process: ");
        if (start >= 0) {
            reason = reason.substring(start + "unable to start container process: ".length());
        }
        String lower = reason.toLowerCase(java.util.Locale.ROOT);
        int code = lower.contains("not found") || lower.contains("no such file or directory") ? NOT_FOUND
                : lower.contains("permission denied") || lower.contains("is a directory") || lower.contains("exec format error")
                ? NOT_EXECUTABLE : RUNTIME_FAILED;
        return new ContainerStartException("container " + container + " could not start its process: " + reason, code);
    }
}
