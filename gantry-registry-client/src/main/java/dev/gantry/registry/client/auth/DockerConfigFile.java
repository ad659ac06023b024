package dev.gantry.registry.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.error.GantryException;
import dev.gantry.oci.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * Writes logins into a Docker config file the way {@code docker login} does ({@code auths.HOST.auth}
 * = base64 user:password), keeping every other field, through a private (0600) temporary file
 * renamed into place. Hosts handed to a credential helper are refused: their secrets live in
 * the helper, and an {@code auths} entry would be ignored by Docker.
 */
public final class DockerConfigFile {
    private final Path file;

    /**
     * A writer for {@code file}, which need not exist yet.
     *
     * @param file the Docker config file to update, such as {@link DockerConfigCredentials#defaultFile()}
     */
    public DockerConfigFile(Path file) {
        this.file = file;
    }

    /**
     * Records a login for {@code host}: its entries under every spelling docker login uses are replaced by one
     * {@code auths} entry under the first. The file and its directory are created when missing.
     *
     * @param host        the registry as written in references; Docker Hub's names are stored under
     *                    {@code https://index.docker.io/v1/}
     * @param credentials a user name and secret
     * @throws IOException when the file cannot be read or written
     * @throws dev.gantry.error.GantryException when a credential helper owns the host ({@code credHelpers}) or the
     *                                          file has a {@code credsStore}, or the file is not a JSON object
     */
    public void store(String host, Credentials credentials) throws IOException {
        ObjectNode config = read();
        refuseHelper(config, host);
        String auth = Base64.getEncoder().encodeToString((credentials.username() + ":" + credentials.secret())
                .getBytes(StandardCharsets.UTF_8));
        ObjectNode auths = config.has("auths") && config.get("auths").isObject() ? (ObjectNode) config.get("auths") : config.putObject("auths");
        String key = DockerConfigCredentials.keysFor(host).getFirst();
        for (String other : DockerConfigCredentials.keysFor(host)) {
            auths.remove(other);
        }
        auths.putObject(key).put("auth", auth);
        write(config);
    }

    /**
     * Forgets a login: removes the host's {@code auths} entries under every spelling docker login uses. The file is
     * rewritten only when something was removed.
     *
     * @param host the registry as written in references
     * @return true when an entry was removed; false when there was none, or no file
     * @throws IOException when the file cannot be read or written
     * @throws dev.gantry.error.GantryException when the file is not a JSON object
     */
    public boolean erase(String host) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        ObjectNode config = read();
        JsonNode auths = config.path("auths");
        boolean removed = false;
        if (auths instanceof ObjectNode a) {
            for (String key : DockerConfigCredentials.keysFor(host)) {
                removed |= a.remove(key) != null;
            }
        }
        if (removed) {
            write(config);
        }
        return removed;
    }

    private void refuseHelper(JsonNode config, String host) {
        for (String key : DockerConfigCredentials.keysFor(host)) {
            String helper = config.path("credHelpers").path(key).asText("");
            if (!helper.isEmpty()) {
                throw new GantryException(file + " hands " + host + " to docker-credential-" + helper
                        + "; log in with that helper (docker login) or use another --authfile");
            }
        }
        String store = config.path("credsStore").asText("");
        if (!store.isEmpty()) {
            throw new GantryException(file + " keeps secrets in docker-credential-" + store
                    + " (credsStore); log in with docker login, or use another --authfile");
        }
    }

    private ObjectNode read() throws IOException {
        if (!Files.exists(file)) {
            return Json.mapper().createObjectNode();
        }
        JsonNode node = Json.tree(Files.readAllBytes(file), "Docker config " + file);
        if (!(node instanceof ObjectNode o)) {
            throw new GantryException("Docker config " + file + " is not a JSON object");
        }
        return o;
    }

    private void write(ObjectNode config) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".config", ".json.tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, Json.pretty(config) + "\n");
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
