package dev.gantry.transport;

import java.nio.file.Path;

/**
 * How to reach a remote (registry) location; chosen per command.
 *
 * @param insecure    allow plain http and unverified TLS (tried after verified https fails)
 * @param authFile    a Docker-format config.json with credentials; null: $DOCKER_CONFIG/config.json
 *                    or ~/.docker/config.json
 * @param caFile      a PEM file of CA certificates trusted in addition to the JDK's default ones
 *                    (and to /etc/docker/certs.d/HOST/*.crt); null: none
 * @param credentials a user and password for every registry this command reaches ({@code --creds}),
 *                    instead of the credentials file; null: look them up in {@code authFile}
 */
public record RemoteOptions(boolean insecure, Path authFile, Path caFile, RemoteCredentials credentials) {
    /**
     * Options using the credentials file.
     *
     * @param insecure allow plain http and unverified TLS
     * @param authFile the credentials file, or null for Docker's default
     * @param caFile   extra trusted CA certificates, or null
     */
    public RemoteOptions(boolean insecure, Path authFile, Path caFile) {
        this(insecure, authFile, caFile, null);
    }

    /**
     * Options using the credentials file and only the default trusted CAs.
     *
     * @param insecure allow plain http and unverified TLS
     * @param authFile the credentials file, or null for Docker's default
     */
    public RemoteOptions(boolean insecure, Path authFile) {
        this(insecure, authFile, null, null);
    }

    /** {@return verified https only, Docker's credentials file, the default trusted CAs} */
    public static RemoteOptions defaults() {
        return new RemoteOptions(false, null, null, null);
    }

    /**
     * {@return the same options with other credentials}
     *
     * @param other the credentials, or null to use the credentials file's again
     */
    public RemoteOptions withCredentials(RemoteCredentials other) {
        return new RemoteOptions(insecure, authFile, caFile, other);
    }
}
