package dev.gantry.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.error.InvalidInputException;
import dev.gantry.oci.Json;
import dev.gantry.registry.metadata.DatabaseConfig;
import dev.gantry.registry.storage.StorageConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The registry's config file ({@code gantry serve --config FILE}): a JSON object whose keys
 * mirror the serve flags; a missing key (null here) leaves the flag's default, and flags given
 * on the command line win over the file (the caller merges). Relative paths are taken from the file's directory, so a config file and
 * its certificates can move together. An unknown key is an error naming it (a typo must not
 * silently leave, say, auth off). Every component is null when its key is absent or JSON null.
 *
 * @param addr                 {@code --addr}: {@code HOST:PORT} to listen on, as written (the caller parses it)
 * @param data                 {@code --data}: the storage directory
 * @param htpasswd             {@code --htpasswd}: the bcrypt htpasswd file for Basic auth
 * @param authTokenRealm       {@code --auth-token-realm}: the token server's URL
 * @param authTokenService     {@code --auth-token-service}: this registry's service name
 * @param authTokenIssuer      {@code --auth-token-issuer}: the issuer tokens must name
 * @param authTokenCerts       {@code --auth-token-certs}: the PEM file of the issuer's certificates or keys
 * @param readOnly             {@code --read-only}
 * @param tlsCert              {@code --tls-cert}: the PEM certificate chain
 * @param tlsKey               {@code --tls-key}: the PEM PKCS#8 private key
 * @param maxUploadSize        {@code --max-upload-size}, in bytes, 0 or more
 * @param maxConcurrentUploads {@code --max-concurrent-uploads}, 0 or more
 * @param accessLog            whether requests are logged; false is {@code --no-access-log}
 * @param storage              {@code "storage": {"driver": NAME, ...}}: the storage driver and its options (values
 *                             as text, relative paths taken from the file's directory); instead of {@code data},
 *                             which is {@code {"driver": "filesystem", "path": DIR}}
 * @param database             {@code "database": {"url": "jdbc:postgresql://HOST:PORT/DB", "user": ..., "password": ...}}:
 *                             metadata in that database instead of the storage tree
 */
public record RegistryConfigFile(String addr, Path data, Path htpasswd, String authTokenRealm, String authTokenService, String authTokenIssuer,
                       Path authTokenCerts, Boolean readOnly, Path tlsCert, Path tlsKey,
                       Long maxUploadSize, Integer maxConcurrentUploads, Boolean accessLog, StorageConfig storage,
                       DatabaseConfig database) {
    /** The keys a config file may have, each named as the record component it fills. */
    public static final Set<String> KEYS = Set.of("addr", "data", "htpasswd", "authTokenRealm", "authTokenService",
            "authTokenIssuer", "authTokenCerts", "readOnly", "tlsCert", "tlsKey", "maxUploadSize",
            "maxConcurrentUploads", "accessLog", "storage", "database");

    /** A config file that cannot be used; the message names the file and the key. */
    public static final class ConfigFileException extends InvalidInputException {
        ConfigFileException(String message) {
            super(message);
        }
    }

    /**
     * Reads and checks a config file; paths in it are resolved against the file's directory.
     *
     * @param file the JSON config file
     * @return its settings, null for every key it does not set
     * @throws IOException when the file exists but cannot be read
     * @throws ConfigFileException when the file does not exist, has an unknown key, a value of the wrong JSON type
     *                             (a string for text and paths, true or false, a whole number 0 or more, an object
     *                             with a {@code driver} name and text, number or boolean options for storage, an
     *                             object with a string {@code url} and optional {@code user} and {@code password}
     *                             for the database), or
     *                             both {@code data} and {@code storage}
     * @throws InvalidInputException when the file is not a JSON object
     */
    public static RegistryConfigFile read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigFileException("config file " + file + " does not exist");
        }
        JsonNode root = Json.tree(bytes, "config file " + file);
        for (Map.Entry<String, JsonNode> property : root.properties()) {
            String key = property.getKey();
            if (!KEYS.contains(key)) {
                throw new ConfigFileException("unknown key '" + key + "' in config file " + file + "; known keys: " + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        Reader reader = new Reader(file, root);
        RegistryConfigFile config = new RegistryConfigFile(reader.text("addr"), reader.path("data"), reader.path("htpasswd"), reader.text("authTokenRealm"),
                reader.text("authTokenService"), reader.text("authTokenIssuer"), reader.path("authTokenCerts"), reader.bool("readOnly"),
                reader.path("tlsCert"), reader.path("tlsKey"), reader.count("maxUploadSize"),
                reader.count("maxConcurrentUploads") == null ? null : Math.toIntExact(reader.count("maxConcurrentUploads")),
                reader.bool("accessLog"), reader.storage("storage"), reader.database("database"));
        if (config.data() != null && config.storage() != null) {
            throw new ConfigFileException("config file " + file + " has both 'data' and 'storage'; 'data': DIR is short for "
                    + "'storage': {\"driver\": \"filesystem\", \"path\": DIR}, so give one of them");
        }
        return config;
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

        StorageConfig storage(String key) {
            JsonNode node = root.get(key);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isObject() || node.get("driver") == null || !node.get("driver").isTextual() || node.get("driver").asText().isBlank()) {
                throw wrongType(key, "an object with a \"driver\" name, such as {\"driver\": \"filesystem\", \"path\": \"data\"}");
            }
            Map<String, String> options = new java.util.TreeMap<>();
            for (Map.Entry<String, JsonNode> option : node.properties()) {
                if (option.getKey().equals("driver")) {
                    continue;
                }
                JsonNode value = option.getValue();
                if (!value.isValueNode() || value.isNull()) {
                    throw new ConfigFileException("'" + key + "." + option.getKey() + "' in config file " + file
                            + " must be text, a number or true/false, not " + value);
                }
                options.put(option.getKey(), value.asText());
            }
            return new StorageConfig(node.get("driver").asText(), options, file.toAbsolutePath().getParent());
        }

        DatabaseConfig database(String key) {
            JsonNode node = root.get(key);
            if (node == null || node.isNull()) {
                return null;
            }
            String expected = "an object with a \"url\" (jdbc:postgresql://HOST:PORT/DB) and optional \"user\" and \"password\" strings";
            if (!node.isObject() || node.get("url") == null || !node.get("url").isTextual() || node.get("url").asText().isBlank()) {
                throw wrongType(key, expected);
            }
            for (Map.Entry<String, JsonNode> option : node.properties()) {
                if (!Set.of("url", "user", "password", "gc").contains(option.getKey())) {
                    throw new ConfigFileException("unknown key '" + key + "." + option.getKey() + "' in config file " + file + "; it takes: url, user, password, gc");
                }
                if (!option.getKey().equals("gc") && !option.getValue().isTextual()) {
                    throw new ConfigFileException("'" + key + "." + option.getKey() + "' in config file " + file + " must be a string");
                }
            }
            return new DatabaseConfig(node.get("url").asText(), node.has("user") ? node.get("user").asText() : null,
                    node.has("password") ? node.get("password").asText() : null, onlineGc(key + ".gc", node.get("gc")));
        }

        /** {@code "gc": {"enabled": true, "interval": "PT1M", "reviewDelay": "PT24H"}}, each optional (ISO-8601 durations). */
        private dev.gantry.registry.metadata.OnlineGcConfig onlineGc(String key, JsonNode node) {
            dev.gantry.registry.metadata.OnlineGcConfig defaults = dev.gantry.registry.metadata.OnlineGcConfig.DEFAULTS;
            if (node == null || node.isNull()) {
                return defaults;
            }
            if (!node.isObject()) {
                throw new ConfigFileException("'" + key + "' in config file " + file + " must be an object with optional \"enabled\" (true/false), "
                        + "\"interval\" and \"reviewDelay\" (ISO-8601 durations such as PT1M, PT24H), not " + node);
            }
            for (Map.Entry<String, JsonNode> option : node.properties()) {
                if (!Set.of("enabled", "interval", "reviewDelay").contains(option.getKey())) {
                    throw new ConfigFileException("unknown key '" + key + "." + option.getKey() + "' in config file " + file + "; it takes: enabled, interval, reviewDelay");
                }
            }
            JsonNode enabled = node.get("enabled");
            if (enabled != null && !enabled.isBoolean()) {
                throw new ConfigFileException("'" + key + ".enabled' in config file " + file + " must be true or false, not " + enabled);
            }
            try {
                return new dev.gantry.registry.metadata.OnlineGcConfig(enabled == null ? defaults.enabled() : enabled.asBoolean(),
                        duration(key + ".interval", node.get("interval"), defaults.interval()),
                        duration(key + ".reviewDelay", node.get("reviewDelay"), defaults.reviewDelay()));
            } catch (IllegalArgumentException e) {
                throw new ConfigFileException("'" + key + "' in config file " + file + ": " + e.getMessage());
            }
        }

        private java.time.Duration duration(String key, JsonNode node, java.time.Duration otherwise) {
            if (node == null) {
                return otherwise;
            }
            try {
                return java.time.Duration.parse(node.asText());
            } catch (java.time.format.DateTimeParseException e) {
                throw new ConfigFileException("'" + key + "' in config file " + file + " must be an ISO-8601 duration such as PT30S or PT24H, not " + node);
            }
        }

        private ConfigFileException wrongType(String key, String expected) {
            return new ConfigFileException("'" + key + "' in config file " + file + " must be " + expected + ", not " + root.get(key));
        }
    }
}
