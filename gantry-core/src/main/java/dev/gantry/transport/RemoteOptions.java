package dev.gantry.transport;

import java.nio.file.Path;

/**
 * How to reach a remote (registry) location; chosen per command.
 *
 * @param insecure allow plain http and unverified TLS (tried after verified https fails)
 * @param authFile a Docker-format config.json with credentials; null: $DOCKER_CONFIG/config.json
 *                 or ~/.docker/config.json
 */
public record RemoteOptions(boolean insecure, Path authFile) {
    public static RemoteOptions defaults() {
        return new RemoteOptions(false, null);
    }
}
