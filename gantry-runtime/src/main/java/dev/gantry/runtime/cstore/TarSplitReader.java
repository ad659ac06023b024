package dev.gantry.runtime.cstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.gantry.error.InvalidInputException;
import dev.gantry.layer.EntryName;
import dev.gantry.oci.Json;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.GZIPInputStream;

/**
 * A layer's tar rebuilt byte for byte from its tar-split ({@code ID.tar-split.gz}: one JSON
 * object per line, {@code type 2} a raw segment of headers and padding, {@code type 1} a file
 * whose {@code size} bytes come from the layer's files) and the layer's files on disk. The bytes
 * are the ones podman hashed when it stored the layer, so they match its recorded diff digest;
 * whoever reads this stream verifies that.
 */
class TarSplitReader extends InputStream {
    private final MappingIterator<JsonNode> entries;
    private final Path content;
    private final String layer;
    private InputStream current = InputStream.nullInputStream();
    private long currentLeft;
    private String currentName;

    /**
     * @param tarSplit the layer's {@code .tar-split.gz}
     * @param content  the directory its files are read from
     * @param layer    names the layer in messages
     */
    TarSplitReader(Path tarSplit, Path content, String layer) throws IOException {
        InputStream gz = new GZIPInputStream(Files.newInputStream(tarSplit), 64 * 1024);
        try {
            this.entries = Json.mapper().readerFor(JsonNode.class).readValues(gz);
        } catch (IOException | RuntimeException e) {
            gz.close();
            throw e;
        }
        this.content = content;
        this.layer = layer;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            int n = current.read(buf, off, currentName == null ? len : (int) Math.min(len, currentLeft));
            if (n > 0) {
                if (currentName != null) {
                    currentLeft -= n;
                }
                return n;
            }
            if (currentName != null && currentLeft > 0) {
                throw new EOFException("layer " + layer + ": file " + currentName + " in " + content
                        + " is shorter than its tar-split records (" + currentLeft + " bytes missing)");
            }
            if (!advance()) {
                return -1;
            }
        }
    }

    /** Moves to the next entry with bytes; false at the end. */
    private boolean advance() throws IOException {
        current.close();
        current = InputStream.nullInputStream();
        currentName = null;
        while (true) {
            JsonNode entry;
            try {
                if (!entries.hasNextValue()) {
                    return false;
                }
                entry = entries.nextValue();
            } catch (RuntimeException e) {
                throw new InvalidInputException("layer " + layer + ": its tar-split is not readable: " + e.getMessage());
            }
            int type = entry.path("type").asInt(-1);
            if (type == 2) {
                String payload = entry.path("payload").asText("");
                if (!payload.isEmpty()) {
                    current = new ByteArrayInputStream(Base64.getDecoder().decode(payload));
                    return true;
                }
            } else if (type == 1) {
                long size = entry.path("size").asLong(0);
                if (size > 0) {
                    currentName = name(entry);
                    currentLeft = size;
                    current = Files.newInputStream(file(currentName), LinkOption.NOFOLLOW_LINKS);
                    return true;
                }
            } else {
                throw new InvalidInputException("layer " + layer + ": tar-split entry of unknown type " + type);
            }
        }
    }

    private String name(JsonNode entry) {
        if (entry.hasNonNull("name_raw")) {
            throw new InvalidInputException("layer " + layer + ": a file name that is not UTF-8 (tar-split name_raw) is not supported");
        }
        return entry.path("name").asText();
    }

    /** The file's path under the layer's directory; a name that could leave it is refused. */
    private Path file(String name) {
        String problem = EntryName.problem(name);
        if (problem != null) {
            throw new InvalidInputException("layer " + layer + ": tar-split file name '" + name + "' " + problem);
        }
        String rel = EntryName.normalise(name);
        if (rel.isEmpty()) {
            throw new InvalidInputException("layer " + layer + ": tar-split gives content to the root directory");
        }
        Path file = content.resolve(rel);
        if (!file.normalize().startsWith(content)) {
            throw new InvalidInputException("layer " + layer + ": tar-split file name '" + name + "' leaves the layer");
        }
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            current.close();
        } finally {
            entries.close();
        }
    }
}
