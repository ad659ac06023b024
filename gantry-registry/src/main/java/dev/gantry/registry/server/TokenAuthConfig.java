package dev.gantry.registry.server;

import java.nio.file.Path;

/**
 * Token auth as distribution's {@code auth.token} section has it: where clients get tokens
 * ({@code realm}), the name this registry has as their audience ({@code service}), who must
 * have issued them, and a PEM file of the issuer's certificates or public keys.
 *
 * @param realm       the token server's URL, named in every 401 challenge
 * @param service     this registry's name as the token server knows it: the challenge names it, and a token's
 *                    {@code aud} must contain it
 * @param issuer      the {@code iss} every token must carry
 * @param signingKeys a PEM file of the issuer's certificates and public keys (see
 *                    {@link dev.gantry.registry.auth.TrustedKeys}), read when the server is made
 */
public record TokenAuthConfig(String realm, String service, String issuer, Path signingKeys) {
    /**
     * Checks that every setting is given and can be quoted in a challenge.
     *
     * @throws IllegalArgumentException when a value is missing or blank, or {@code realm} or {@code service} contains
     *                                  a double quote
     */
    public TokenAuthConfig {
        if (isBlank(realm) || isBlank(service) || isBlank(issuer) || signingKeys == null) {
            throw new IllegalArgumentException("token auth needs a realm (the token server's URL), a service, an issuer and a file of "
                    + "the issuer's certificates or public keys");
        }
        if (realm.contains("\"") || service.contains("\"")) {
            throw new IllegalArgumentException("token auth realm and service cannot contain '\"' (they are quoted in the challenge)");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
