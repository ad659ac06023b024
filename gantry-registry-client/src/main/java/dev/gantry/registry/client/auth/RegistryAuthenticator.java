package dev.gantry.registry.client.auth;

import dev.gantry.registry.client.http.HttpTransport;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides the Authorization header for one registry. It starts from the challenge the ping
 * (GET /v2/) returned: none (anonymous registry), Basic (send the credentials each time) or
 * Bearer (fetch a token per scope, cache it until it expires). A 401 on a request replaces the
 * challenge and drops the cached token for that scope, so the next attempt fetches a fresh one.
 */
public final class RegistryAuthenticator {
    private final String host;
    private final CredentialStore store;
    /** Looked up on first need: an anonymous registry never reads the Docker config (or runs a helper). */
    private volatile Optional<Credentials> credentials;
    private final TokenClient tokens;
    private final Map<String, Token> cache = new ConcurrentHashMap<>();
    private volatile Challenge challenge;

    public RegistryAuthenticator(String host, CredentialStore store, HttpTransport http) {
        this.host = host;
        this.store = store;
        this.tokens = new TokenClient(http);
    }

    /** Records the challenge of a 401 answer (from the ping or any request). */
    public void challenged(String wwwAuthenticate) {
        List<Challenge> parsed = Challenge.parse(wwwAuthenticate);
        // Prefer Bearer when a registry offers both: it is what scoped access is built on.
        challenge = parsed.stream().filter(Challenge::isBearer).findFirst()
                .orElse(parsed.stream().filter(Challenge::isBasic).findFirst().orElse(null));
    }

    /** Forgets the token for these scopes, so the next request fetches a new one. */
    public void invalidate(String scopes) {
        cache.remove(scopes);
    }

    /** Whether the registry asked for authentication at all. */
    public boolean challenged() {
        return challenge != null;
    }

    public boolean hasCredentials() {
        return credentials().isPresent();
    }

    public Optional<String> username() {
        return credentials().map(Credentials::username);
    }

    private Optional<Credentials> credentials() {
        Optional<Credentials> found = credentials;
        if (found == null) {
            synchronized (this) {
                found = credentials;
                if (found == null) {
                    found = store.lookup(host);
                    credentials = found;
                }
            }
        }
        return found;
    }

    /** The Authorization value for a request needing {@code scopes} (space-separated), or null. */
    public String authorization(String scopes) throws IOException {
        Challenge c = challenge;
        if (c == null) {
            return null;
        }
        if (c.isBasic()) {
            return credentials().filter(cr -> cr.username() != null).map(Credentials::basicHeader).orElse(null);
        }
        if (c.isBearer()) {
            String wanted = scopes == null ? "" : scopes;
            Token token = cache.get(wanted);
            if (token == null || !token.usable(Instant.now())) {
                // Parallel blob copies would all miss at once; one fetches, the others wait for it.
                synchronized (this) {
                    token = cache.get(wanted);
                    if (token == null || !token.usable(Instant.now())) {
                        token = tokens.fetch(c, wanted, credentials().orElse(null));
                        cache.put(wanted, token);
                    }
                }
            }
            return "Bearer " + token.value();
        }
        return null;
    }

    public String host() {
        return host;
    }
}
