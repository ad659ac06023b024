package dev.gantry.registry.client.auth;

import java.util.Optional;

/** Where credentials for a registry host come from (a Docker config file, a helper, a test). */
public interface CredentialStore {
    CredentialStore NONE = host -> Optional.empty();

    /** Credentials for {@code host} (as written in references, e.g. {@code localhost:5000}, {@code docker.io}). */
    Optional<Credentials> lookup(String host);
}
