package dev.gantry.registry.client.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user name and secret for one registry, or an identity (refresh) token. {@link #toString()}
 * never shows the secret, so credentials can appear in logs and exceptions safely.
 */
public record Credentials(String username, String secret, String identityToken) {
    public static Credentials basic(String username, String password) {
        return new Credentials(username, password, null);
    }

    public String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", secret=<redacted>]";
    }
}
