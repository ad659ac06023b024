package dev.gantry.registry.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.error.GantryException;
import dev.gantry.oci.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Docker's credential-helper protocol: run {@code docker-credential-NAME get}, write the server
 * URL on stdin, read {@code {"Username":..,"Secret":..}} from stdout. A helper that knows
 * nothing about the host exits non-zero saying "credentials not found in native keychain".
 */
final class CredentialHelper {
    private CredentialHelper() {
    }

    static Optional<Credentials> get(String helper, String serverUrl) {
        String program = "docker-credential-" + helper;
        Process process;
        try {
            process = new ProcessBuilder(program, "get").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new GantryException("credential helper " + program + " (named in the Docker config) cannot be run: "
                    + e.getMessage() + "; install it or remove it from credsStore/credHelpers");
        }
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = process.getInputStream().readNBytes(64 * 1024);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new GantryException("credential helper " + program + " did not answer within 30 s");
            }
            if (process.exitValue() != 0) {
                return Optional.empty();
            }
            JsonNode node = Json.tree(out, program + " output");
            String user = node.path("Username").asText("");
            String secret = node.path("Secret").asText("");
            if (secret.isEmpty()) {
                return Optional.empty();
            }
            // Docker's convention: the user name "<token>" marks an identity token.
            return Optional.of(user.equals("<token>") ? new Credentials(null, null, secret) : Credentials.basic(user, secret));
        } catch (IOException e) {
            throw new GantryException("credential helper " + program + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GantryException("interrupted while running " + program);
        }
    }
}
