package dev.gantry.registry.client.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user name and secret for one registry, or an identity (refresh) token. {@link #toString()}
 * never shows the secret, so credentials can appear in logs and exceptions safely.
 *
 * @param username      the user name, or null for an identity token
 * @param secret        the password (or a personal access token), or null for an identity token
 * @param identityToken an OAuth2 refresh token that token servers exchange for access tokens (Docker's
 *                      {@code identitytoken}), or null for a user and password
 */
public record Credentials(String username, String secret, String identityToken) {
    /**
     * A user name and password.
     *
     * @param username the user name
     * @param password the password or access token
     * @return credentials without an identity token
     */
    public static Credentials basic(String username, String password) {
        return new Credentials(username, password, null);
    }

    /**
     * The {@code Authorization} value of HTTP Basic for these credentials: base64 of {@code username:secret} in
     * UTF-8. It carries the secret: never log it.
     *
     * @return {@code Basic } and the encoded user and secret
     */
    public String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", secret=<redacted>]";
    }
}
