package dev.gantry.registry.client.auth;

import java.time.Instant;

/**
 * A bearer token and when to stop using it; {@link #toString()} hides the token.
 *
 * @param value     the token as sent after {@code Bearer }
 * @param expiresAt when to consider it expired: for a token Gantry fetched, {@code expires_in} seconds after the
 *                  fetch, and never less than 60
 */
public record Token(String value, Instant expiresAt) {
    /** Tokens are refreshed this long before they expire, so a request never carries a dying one. */
    private static final long MARGIN_SECONDS = 10;

    /**
     * Whether the token may still be sent: it is refreshed 10 s before it expires, so a request never carries a
     * dying one.
     *
     * @param now the current time
     * @return true when more than 10 s remain before {@link #expiresAt()}
     */
    public boolean usable(Instant now) {
        return now.plusSeconds(MARGIN_SECONDS).isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "Token[<redacted>, expires " + expiresAt + "]";
    }
}
