/**
 * Authentication in front of the registry API, as distribution does it: HTTP Basic against an htpasswd file
 * ({@link dev.gantry.registry.auth.BasicAuthHandler}, {@link dev.gantry.registry.auth.Htpasswd}) or Docker token
 * auth ({@link dev.gantry.registry.auth.TokenAuthHandler}, checking JWTs with
 * {@link dev.gantry.registry.auth.TokenVerifier} against {@link dev.gantry.registry.auth.TrustedKeys}). What a
 * token grants travels with the request as {@link dev.gantry.registry.auth.Access}. {@code /healthz} is always open.
 */
package dev.gantry.registry.auth;
