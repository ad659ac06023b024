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
 * @param credentials a user and password for every registry this command reaches ({@code --creds}),
 *                    instead of the credentials file; null: look them up in {@code authFile}
 */
public record RemoteOptions(boolean insecure, Path authFile, Path caFile, RemoteCredentials credentials) {
    public RemoteOptions(boolean insecure, Path authFile, Path caFile) {
        this(insecure, authFile, caFile, null);
    }

    public RemoteOptions(boolean insecure, Path authFile) {
        this(insecure, authFile, null, null);
    }

    public static RemoteOptions defaults() {
        return new RemoteOptions(false, null, null, null);
    }

    /** The same options with other credentials (null: the credentials file's again). */
    public RemoteOptions withCredentials(RemoteCredentials other) {
        return new RemoteOptions(insecure, authFile, caFile, other);
    }
}
