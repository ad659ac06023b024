package dev.gantry.transport.daemon;

import dev.gantry.error.GantryException;

/**
 * The Docker daemon could not be reached, or refused a request: the message names the socket and,
 * when the daemon answered, its status and its own words.
 */
public class DaemonException extends GantryException {
    private final transient DockerHost host;
    private final int status;

    /**
     * A failure reaching or talking to the daemon.
     *
     * @param host    the daemon asked
     * @param status  the HTTP status it answered, or 0 when it gave no answer (not running, connection lost)
     * @param message what went wrong, naming the socket
     * @param cause   the lower-level failure, or null
     */
    public DaemonException(DockerHost host, int status, String message, Throwable cause) {
        super(message, cause);
        this.host = host;
        this.status = status;
    }

    /** {@return the daemon that was asked} */
    public DockerHost host() {
        return host;
    }

    /** {@return the HTTP status the daemon answered, or 0 when it gave no answer} */
    public int status() {
        return status;
    }
}
