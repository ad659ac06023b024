package dev.gantry.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.error.InvalidInputException;
import dev.gantry.oci.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The registry's config file ({@code gantry serve --config FILE}): a JSON object whose keys
 * mirror the serve flags; a missing key (null here) leaves the flag's default, and flags given
 * on the command line win over the file (the caller merges). Relative paths are taken from the file's directory, so a config file and
 * its certificates can move together. An unknown key is an error naming it (a typo must not
 * silently leave, say, auth off).
 */
public record RegistryConfigFile(String addr, Path data, Path htpasswd, String authTokenRealm, String authTokenService, String authTokenIssuer,
                       Path authTokenCerts, Boolean readOnly, Path tlsCert, Path tlsKey,
                       Long maxUploadSize, Integer maxConcurrentUploads, Boolean accessLog) {
    public static final Set<String> KEYS = Set.of("addr", "data", "htpasswd", "authTokenRealm", "authTokenService",
            "authTokenIssuer", "authTokenCerts", "readOnly", "tlsCert", "tlsKey", "maxUploadSize",
            "maxConcurrentUploads", "accessLog");

    /** A config file that cannot be used; the message names the file and the key. */
    public static final class ConfigFileException extends InvalidInputException {
        ConfigFileException(String message) {
            super(message);
        }
    }

    public static RegistryConfigFile read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigFileException("config file " + file + " does not exist");
        }
        JsonNode root = Json.tree(bytes, "config file " + file);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            if (!KEYS.contains(key)) {
                throw new ConfigFileException("unknown key '" + key + "' in config file " + file + "; known keys: " + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        Reader reader = new Reader(file, root);
        return new RegistryConfigFile(reader.text("addr"), reader.path("data"), reader.path("htpasswd"), reader.text("authTokenRealm"),
                reader.text("authTokenService"), reader.text("authTokenIssuer"), reader.path("authTokenCerts"), reader.bool("readOnly"),
                reader.path("tlsCert"), reader.path("tlsKey"), reader.count("maxUploadSize"),
                reader.count("maxConcurrentUploads") == null ? null : Math.toIntExact(reader.count("maxConcurrentUploads")),
                reader.bool("accessLog"));
    }

    /** Typed reads of one key each, refusing a value of the wrong JSON type with the key's name. */
    private record Reader(Path file, JsonNode root) {
        String text(String key) {
            JsonNode node = root.get(key);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isTextual()) {
                throw wrongType(key, "a string");
            }
            return node.asText();
        }

        Path path(String key) {
            String text = text(key);
            if (text == null) {
                return null;
            }
            Path base = file.toAbsolutePath().getParent();
            return base.resolve(text).normalize();
        }

        Boolean bool(String key) {
            JsonNode node = root.get(key);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isBoolean()) {
                throw wrongType(key, "true or false");
            }
            return node.booleanValue();
        }

        Long count(String key) {
            JsonNode node = root.get(key);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.canConvertToLong() || !node.isIntegralNumber() || node.longValue() < 0
                    || (key.equals("maxConcurrentUploads") && node.longValue() > Integer.MAX_VALUE)) {
                throw wrongType(key, "a whole number, 0 or more");
            }
            return node.longValue();
        }

        private ConfigFileException wrongType(String key, String expected) {
            return new ConfigFileException("'" + key + "' in config file " + file + " must be " + expected + ", not " + root.get(key));
        }
    }
}
