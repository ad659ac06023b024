package dev.gantry.registry.client.auth;

import java.util.Optional;

/** Where credentials for a registry host come from (a Docker config file, a helper, a test). */
public interface CredentialStore {
    /** No credentials for any host: every request is anonymous. */
    CredentialStore NONE = host -> Optional.empty();

    /**
     * The credentials to present to one registry.
     *
     * @param host the registry as written in references, e.g. {@code localhost:5000}, {@code docker.io}
     * @return the credentials, or empty when the store has none for {@code host}
     */
    Optional<Credentials> lookup(String host);
}
