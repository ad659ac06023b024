package dev.gantry.registry.client.auth;

import java.time.Instant;

/** A bearer token and when to stop using it; {@link #toString()} hides the token. */
public record Token(String value, Instant expiresAt) {
    /** Tokens are refreshed this long before they expire, so a request never carries a dying one. */
    private static final long MARGIN_SECONDS = 10;

    public boolean usable(Instant now) {
        return now.plusSeconds(MARGIN_SECONDS).isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "Token[<redacted>, expires " + expiresAt + "]";
    }
}
