package dev.gantry.runtime.cstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.error.InvalidInputException;
import dev.gantry.oci.Json;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code images.json} and {@code layers.json}: arrays of records, read and written as JSON trees
 * so that fields Gantry does not know (written by newer podman versions) survive a rewrite. A
 * rewrite is atomic (temporary file, fsync, rename), as containers/storage writes them, and is
 * done only under the exclusive lock.
 */
final class StoreJson {
    private StoreJson() {
    }

    /** The records in {@code file}; an empty array when the store has none yet. */
    static ArrayNode read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Json.mapper().createArrayNode();
        }
        if (bytes.length == 0) {
            return Json.mapper().createArrayNode();
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new InvalidInputException(file + " is not valid JSON: " + e.getMessage());
        }
        if (!(tree instanceof ArrayNode array)) {
            throw new InvalidInputException(file + " is not a JSON array of records");
        }
        return array;
    }

    static void write(Path file, ArrayNode records) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(temp, Json.mapper().writeValueAsBytes(records));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The record whose {@code id} is {@code id}, or null. */
    static ObjectNode byId(ArrayNode records, String id) {
        for (JsonNode r : records) {
            if (r instanceof ObjectNode o && id.equals(o.path("id").asText(null))) {
                return o;
            }
        }
        return null;
    }

    /**
     * The file a big-data item of an image is stored in, under the image's folder: the key itself
     * when it holds only lower-case letters, digits and dots, else {@code =} and its base64 (as
     * containers/storage names them, so a key like {@code sha256:...} is a safe file name).
     */
    static String bigDataFile(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c != '.' && !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z')) {
                return "=" + java.util.Base64.getEncoder().encodeToString(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return key;
    }
}
