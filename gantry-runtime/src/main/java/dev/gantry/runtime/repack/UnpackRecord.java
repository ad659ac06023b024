package dev.gantry.runtime.repack;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.NotFoundException;
import dev.gantry.oci.Json;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code gantry unpack} remembers so that {@code gantry repack} can later write the edits as
 * one layer on the same image (umoci keeps the same in its bundle's {@code umoci.json} and mtree):
 * the image's location and manifest digest, and a {@link RootfsSnapshot} of the root as unpacked.
 *
 * <p>It lives beside the root filesystem, never in it, so the tree stays exactly the image's:
 * {@code DIR.gantry-unpack.json} for {@code DIR}. The file is JSON lines: a header object, then
 * one array per path, {@code [path, mode, uid, gid, size, mtime, ctime, inode, link]}.
 *
 * @param image    the location the root was unpacked from, absolute ({@code oci:/abs/layout:tag})
 * @param platform the {@code --platform} it was picked with from an index, or null
 * @param digest   the manifest digest of the image unpacked
 * @param snapshot the root as unpacked
 */
public record UnpackRecord(String image, String platform, Digest digest, RootfsSnapshot snapshot) {
    /** The suffix of the record's file name, after the root directory's own name. */
    public static final String SUFFIX = ".gantry-unpack.json";
    private static final String FORMAT_KEY = "gantryUnpack";
    private static final int FORMAT = 1;

    /**
     * {@return where the record of an unpack into {@code root} is kept: beside it, {@code ROOT.gantry-unpack.json}}
     *
     * @param root the unpacked root filesystem
     */
    public static Path fileFor(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        return absolute.resolveSibling(absolute.getFileName() + SUFFIX);
    }

    /**
     * Writes the record beside {@code root}, replacing an earlier one (a temporary file renamed into place).
     *
     * @param root the unpacked root filesystem
     * @return the record's file
     * @throws IOException when it cannot be written
     */
    public Path write(Path root) throws IOException {
        Path file = fileFor(root);
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".partial");
        try {
            try (Writer out = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), 1 << 16)) {
                try (JsonGenerator header = Json.generator(out)) {
                    header.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
                    header.writeStartObject();
                    header.writeNumberField(FORMAT_KEY, FORMAT);
                    header.writeStringField("image", image);
                    if (platform != null) {
                        header.writeStringField("platform", platform);
                    }
                    header.writeStringField("digest", digest.toString());
                    header.writeEndObject();
                }
                out.write('\n');
                for (Map.Entry<String, RootfsSnapshot.Stat> e : snapshot.entries().entrySet()) {
                    RootfsSnapshot.Stat s = e.getValue();
                    try (JsonGenerator line = Json.generator(out)) {
                        line.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
                        line.writeStartArray();
                        line.writeString(e.getKey());
                        line.writeNumber(s.mode());
                        line.writeNumber(s.uid());
                        line.writeNumber(s.gid());
                        line.writeNumber(s.size());
                        line.writeNumber(s.mtime());
                        line.writeNumber(s.ctime());
                        line.writeNumber(s.inode());
                        if (s.link() == null) {
                            line.writeNull();
                        } else {
                            line.writeString(s.link());
                        }
                        line.writeEndArray();
                    }
                    out.write('\n');
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads the record of an unpack into {@code root}.
     *
     * @param root the unpacked root filesystem
     * @return the record
     * @throws NotFoundException     when there is none: {@code root} was not made by {@code gantry unpack}, or the record was moved
     * @throws InvalidInputException when the file is not such a record
     * @throws IOException           when it cannot be read
     */
    public static UnpackRecord read(Path root) throws IOException {
        Path file = fileFor(root);
        if (!Files.isRegularFile(file)) {
            throw new NotFoundException(root + " has no record of a `gantry unpack` beside it (" + file + "): repack needs to know "
                    + "the image it was unpacked from and how it looked then; unpack it with `gantry unpack IMAGE " + root + "`");
        }
        String where = "unpack record " + file;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Map<String, String> header = readHeader(in.readLine(), where);
            String image = header.get("image");
            String digest = header.get("digest");
            if (image == null || digest == null) {
                throw new InvalidInputException(where + " names no image or digest");
            }
            Map<String, RootfsSnapshot.Stat> entries = new LinkedHashMap<>();
            int number = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                readEntry(line, where + " line " + number, entries);
            }
            return new UnpackRecord(image, header.get("platform"), Digest.parse(digest), new RootfsSnapshot(entries));
        }
    }

    private static Map<String, String> readHeader(String line, String where) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        if (line == null) {
            throw new InvalidInputException(where + " is empty");
        }
        try (JsonParser p = Json.parser(line.getBytes(StandardCharsets.UTF_8))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidInputException(where + " does not start with its header object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                fields.put(name, p.getValueAsString());
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException(where + ": invalid header: " + e.getOriginalMessage(), e);
        }
        if (!String.valueOf(FORMAT).equals(fields.get(FORMAT_KEY))) {
            throw new InvalidInputException(where + " is not a gantry unpack record of format " + FORMAT);
        }
        return fields;
    }

    private static void readEntry(String line, String where, Map<String, RootfsSnapshot.Stat> into) throws IOException {
        try (JsonParser p = Json.parser(line.getBytes(StandardCharsets.UTF_8))) {
            if (p.nextToken() != JsonToken.START_ARRAY || p.nextToken() != JsonToken.VALUE_STRING) {
                throw new InvalidInputException(where + " is not [path, mode, uid, gid, size, mtime, ctime, inode, link]");
            }
            String path = p.getText();
            long[] n = new long[7];
            for (int i = 0; i < n.length; i++) {
                if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                    throw new InvalidInputException(where + ": field " + (i + 2) + " is not a whole number");
                }
                n[i] = p.getLongValue();
            }
            JsonToken link = p.nextToken();
            if (link != JsonToken.VALUE_NULL && link != JsonToken.VALUE_STRING) {
                throw new InvalidInputException(where + ": the link is neither null nor a string");
            }
            into.put(path, new RootfsSnapshot.Stat((int) n[0], (int) n[1], (int) n[2], n[3], n[4], n[5], n[6],
                    link == JsonToken.VALUE_STRING ? p.getText() : null));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException(where + ": " + e.getOriginalMessage(), e);
        }
    }
}
