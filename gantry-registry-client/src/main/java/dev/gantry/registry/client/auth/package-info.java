/**
 * Registry authentication as Docker clients do it: {@link dev.gantry.registry.client.auth.Challenge} parses
 * {@code WWW-Authenticate}, {@link dev.gantry.registry.client.auth.RegistryAuthenticator} answers it for one host
 * (Basic, or Bearer tokens fetched from the challenge's realm and cached per scope), and a
 * {@link dev.gantry.registry.client.auth.CredentialStore} supplies the credentials, such as a Docker
 * {@code config.json} and its credential helpers ({@link dev.gantry.registry.client.auth.DockerConfigCredentials}).
 * {@link dev.gantry.registry.client.auth.DockerConfigFile} records logins the way {@code docker login} does.
 * Secrets never appear in {@code toString()}.
 */
package dev.gantry.registry.client.auth;
