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

    /**
     * An authenticator for one registry, with no challenge yet (requests go anonymous until one is recorded).
     *
     * @param host  the registry as written in references
     * @param store where the credentials come from; looked up once, when first needed (a challenge, or
     *              {@link #hasCredentials}/{@link #username})
     * @param http  the transport that token requests go through
     */
    @SuppressWarnings("exports") // made by RegistrySession over its internal HTTP transport
    public RegistryAuthenticator(String host, CredentialStore store, HttpTransport http) {
        this.host = host;
        this.store = store;
        this.tokens = new TokenClient(http);
    }

    /**
     * Records the challenge of a 401 answer (from the ping or any request); Bearer is preferred when a registry offers
     * both.
     *
     * @param wwwAuthenticate the {@code WWW-Authenticate} value; one with neither Basic nor Bearer clears the
     *                        challenge
     */
    public void challenged(String wwwAuthenticate) {
        List<Challenge> parsed = Challenge.parse(wwwAuthenticate);
        // Prefer Bearer when a registry offers both: it is what scoped access is built on.
        challenge = parsed.stream().filter(Challenge::isBearer).findFirst()
                .orElse(parsed.stream().filter(Challenge::isBasic).findFirst().orElse(null));
    }

    /**
     * Forgets the token for these scopes, so the next request fetches a new one.
     *
     * @param scopes the scopes exactly as given to {@link #authorization}
     */
    public void invalidate(String scopes) {
        cache.remove(scopes);
    }

    /**
     * Whether the registry asked for authentication at all.
     *
     * @return true once a Basic or Bearer challenge has been recorded
     */
    public boolean challenged() {
        return challenge != null;
    }

    /**
     * Whether the credential store has anything for this host (looked up now if not yet).
     *
     * @return true when credentials were found
     */
    public boolean hasCredentials() {
        return credentials().isPresent();
    }

    /**
     * The user these requests are made as, for messages.
     *
     * @return the user name, or empty without credentials or for an identity token
     */
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

    /**
     * The {@code Authorization} value for a request: for Basic the credentials; for Bearer a token for exactly these
     * scopes, cached until 10 s before it expires, one fetch shared by concurrent callers. Safe to call from
     * several threads.
     *
     * @param scopes the token scopes the request needs, space-separated; null or empty for none
     * @return the header value, or null when no challenge was recorded, or for Basic without a user name and
     *         password
     * @throws IOException when the token server cannot be reached
     * @throws dev.gantry.error.GantryException when the token server refuses the credentials, answers without a
     *                                          token, or the challenge names no realm
     */
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

    /**
     * The registry this authenticator serves.
     *
     * @return the host as given at construction
     */
    public String host() {
        return host;
    }
}
