package dev.gantry.transport;

import java.nio.file.Path;

/**
 * How to reach a remote (registry) location; chosen per command.
 *
 * @param insecure allow plain http and unverified TLS (tried after verified https fails)
 * @param authFile a Docker-format config.json with credentials; null: $DOCKER_CONFIG/config.json
 *                 or ~/.docker/config.json
 * @param caFile   a PEM file of CA certificates trusted in addition to the JDK's default ones
 *                 (and to /etc/docker/certs.d/HOST/*.crt); null: none
 */
public record RemoteOptions(boolean insecure, Path authFile, Path caFile) {
    public RemoteOptions(boolean insecure, Path authFile) {
        this(insecure, authFile, null);
    }

    public static RemoteOptions defaults() {
        return new RemoteOptions(false, null, null);
    }
}
