package dev.gantry.transport.daemon;

import dev.gantry.error.InvalidInputException;
import dev.gantry.error.UnsupportedFormatException;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the Docker Engine API listens: a unix socket, as {@code DOCKER_HOST=unix:///PATH} names it,
 * else Docker's default {@code /var/run/docker.sock}. podman's {@code podman system service
 * unix:///PATH} serves the same API on a socket of its own.
 *
 * @param socket the unix socket's path
 */
public record DockerHost(Path socket) {
    /** The environment variable Docker's client reads. */
    public static final String ENVIRONMENT = "DOCKER_HOST";
    /** Where dockerd listens unless told otherwise. */
    public static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

    private static final String UNIX = "unix://";

    /**
     * {@return the daemon this process's environment names: {@code $DOCKER_HOST}, else the default socket}
     *
     * @throws InvalidInputException      when {@code DOCKER_HOST} is malformed
     * @throws UnsupportedFormatException when it names a TCP or SSH daemon
     */
    public static DockerHost fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * {@return the daemon an environment names: its {@code DOCKER_HOST}, else the default socket}
     *
     * @param environment the variables to read, e.g. {@code System.getenv()}
     * @throws InvalidInputException      when {@code DOCKER_HOST} is malformed
     * @throws UnsupportedFormatException when it names a TCP or SSH daemon
     */
    public static DockerHost fromEnvironment(Map<String, String> environment) {
        String value = environment.get(ENVIRONMENT);
        return value == null || value.isBlank() ? new DockerHost(DEFAULT_SOCKET) : parse(value.strip());
    }

    /**
     * Parses a {@code DOCKER_HOST} value.
     *
     * @param value {@code unix:///PATH}
     * @return the daemon it names
     * @throws InvalidInputException      when it names no path
     * @throws UnsupportedFormatException when it is not a unix socket ({@code tcp://}, {@code ssh://}, {@code npipe://})
     */
    public static DockerHost parse(String value) {
        if (!value.startsWith(UNIX)) {
            throw new UnsupportedFormatException(ENVIRONMENT + "=" + value + ": Gantry reaches the Docker daemon over a unix "
                    + "socket only (unix:///PATH); tcp://, ssh:// and npipe:// are not supported");
        }
        String path = value.substring(UNIX.length());
        if (path.isEmpty()) {
            throw new InvalidInputException(ENVIRONMENT + "=" + value + " names no socket: use unix:///PATH");
        }
        return new DockerHost(Path.of(path));
    }

    /** {@return the socket as {@code DOCKER_HOST} writes it, {@code unix:///var/run/docker.sock}} */
    @Override
    public String toString() {
        return UNIX + socket;
    }
}
