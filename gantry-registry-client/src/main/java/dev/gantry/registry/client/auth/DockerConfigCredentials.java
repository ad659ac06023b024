package dev.gantry.registry.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.error.InvalidInputException;
import dev.gantry.oci.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Credentials from a Docker {@code config.json}: a per-host helper ({@code credHelpers}), else
 * the default helper ({@code credsStore}), else the inline {@code auths} entry (base64
 * user:password in {@code auth}, or {@code username}/{@code password}, or {@code identitytoken}).
 * Entries may be keyed by bare host or by URL, as docker login writes them.
 */
public final class DockerConfigCredentials implements CredentialStore {
    private static final String HUB_KEY = "https://index.docker.io/v1/";

    private final Path file;

    /**
     * A store reading {@code file} at each lookup, so a login made meanwhile is seen; a missing file has no
     * credentials.
     *
     * @param file a Docker {@code config.json}, such as {@link #defaultFile()} or {@code --authfile}
     */
    public DockerConfigCredentials(Path file) {
        this.file = file;
    }

    /**
     * Where Docker keeps its config file, which {@code docker login} writes.
     *
     * @return {@code $DOCKER_CONFIG/config.json} when that variable is set and not empty, else
     *         {@code ~/.docker/config.json}; the file need not exist
     */
    public static Path defaultFile() {
        String dir = System.getenv("DOCKER_CONFIG");
        return dir != null && !dir.isEmpty() ? Path.of(dir, "config.json")
                : Path.of(System.getProperty("user.home"), ".docker", "config.json");
    }

    /**
     * {@inheritDoc} The file is read at each call. The credential helper named for the host in {@code credHelpers}
     * answers alone; else the default helper ({@code credsStore}) is asked, then the inline {@code auths} entry,
     * each under every key spelling docker login uses for the host.
     *
     * @throws InvalidInputException when the file cannot be read, is not JSON, or has an {@code auth} value that is
     *                               not base64 of {@code user:password}
     * @throws dev.gantry.error.GantryException when a credential helper named in the file cannot be run, fails or
     *                                          does not answer within 30 s
     */
    @Override
    public Optional<Credentials> lookup(String host) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode config;
        try {
            config = Json.tree(Files.readAllBytes(file), "Docker config " + file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read Docker config " + file + ": " + e.getMessage());
        }
        List<String> keys = keysFor(host);
        for (String key : keys) {
            String helper = config.path("credHelpers").path(key).asText("");
            if (!helper.isEmpty()) {
                return CredentialHelper.get(helper, key);
            }
        }
        String store = config.path("credsStore").asText("");
        if (!store.isEmpty()) {
            for (String key : keys) {
                Optional<Credentials> found = CredentialHelper.get(store, key);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        JsonNode auths = config.path("auths");
        for (String key : keys) {
            JsonNode entry = auths.path(key);
            if (entry.isObject()) {
                return fromEntry(entry, key);
            }
        }
        return Optional.empty();
    }

    private Optional<Credentials> fromEntry(JsonNode entry, String key) {
        String identity = entry.path("identitytoken").asText("");
        if (!identity.isEmpty()) {
            return Optional.of(new Credentials(null, null, identity));
        }
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("Docker config " + file + ": auths." + key + ".auth is not base64");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new InvalidInputException("Docker config " + file + ": auths." + key + ".auth is not user:password");
            }
            return Optional.of(Credentials.basic(decoded.substring(0, colon), decoded.substring(colon + 1)));
        }
        String user = entry.path("username").asText("");
        String password = entry.path("password").asText("");
        return user.isEmpty() ? Optional.empty() : Optional.of(Credentials.basic(user, password));
    }

    /** The spellings docker login uses for a host's key. */
    static List<String> keysFor(String host) {
        if (host.equals("docker.io") || host.equals("index.docker.io") || host.equals("registry-1.docker.io")) {
            return List.of(HUB_KEY, "index.docker.io", "docker.io", "https://index.docker.io", "registry-1.docker.io");
        }
        return List.of(host, "https://" + host, "http://" + host, "https://" + host + "/", "https://" + host + "/v1/",
                "https://" + host + "/v2/");
    }
}
