package dev.gantry.vulns.db;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.NotFoundException;
import dev.gantry.oci.Json;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The local advisory database: one file, read by (ecosystem, package). Layout: the magic
 * {@code GVDB0001}; the advisories, grouped by key in sorted key order; the index (key count, then
 * per key its ecosystem, package, offset, record count and byte length); the metadata as JSON
 * and, after the entries, each entry's offset in the index, so it can be binary-searched
 * without decoding it; the metadata as JSON (format, build time, counts, sources); a trailer of
 * index offset, metadata offset and length and {@code GVDBEND1}. Entries are sorted by ecosystem,
 * then package. Opening reads the trailer, metadata and index bytes (nothing is decoded up front);
 * a look-up decodes the ~17 entries a binary search probes and reads one key's records with one
 * positional read.
 */
public final class AdvisoryDb implements Closeable {
    static final byte[] MAGIC = "GVDB0001".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final byte[] END = "GVDBEND1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;
    private static final int TRAILER = 8 + 8 + 4 + 8;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer index;
    private final int keys;
    private final DbInfo info;

    private AdvisoryDb(Path file, FileChannel channel, ByteBuffer index, int keys, DbInfo info) {
        this.file = file;
        this.channel = channel;
        this.index = index;
        this.keys = keys;
        this.info = info;
    }

    static String key(String ecosystem, String pkg) {
        return ecosystem + '\0' + pkg;
    }

    /**
     * Opens a database file.
     *
     * @param file the file {@link AdvisoryDbWriter} wrote
     * @return the open database
     * @throws NotFoundException     when there is no database there
     * @throws InvalidInputException when the file is not a complete database
     * @throws IOException           when it cannot be read
     */
    public static AdvisoryDb open(Path file) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("no advisory database at " + file
                    + ": run `gantry vulns db update` or `gantry vulns db import FILE...`");
        }
        try {
            long size = channel.size();
            if (size < MAGIC.length + TRAILER) {
                throw damaged(file, "too short");
            }
            ByteBuffer head = read(channel, 0, MAGIC.length);
            ByteBuffer tail = read(channel, size - TRAILER, TRAILER);
            if (!Arrays.equals(head.array(), MAGIC) || !Arrays.equals(Arrays.copyOfRange(tail.array(), 20, 28), END)) {
                throw damaged(file, "not a Gantry advisory database");
            }
            long indexOffset = tail.getLong(0);
            long metaOffset = tail.getLong(8);
            int metaLength = tail.getInt(16);
            if (indexOffset < MAGIC.length || metaOffset < indexOffset || metaOffset + metaLength != size - TRAILER) {
                throw damaged(file, "its trailer does not add up");
            }
            JsonNode meta = Json.mapper().readTree(read(channel, metaOffset, metaLength).array());
            ByteBuffer index = read(channel, indexOffset, Math.toIntExact(metaOffset - indexOffset));
            int keys = index.getInt(0);
            if (keys < 0 || 4 + 4L * keys > index.capacity()) {
                throw damaged(file, "its index does not add up");
            }
            List<DbInfo.Source> sources = new ArrayList<>();
            for (JsonNode s : meta.path("sources")) {
                sources.add(new DbInfo.Source(s.path("name").asText(), s.path("format").asText(), s.path("advisories").asLong()));
            }
            DbInfo info = new DbInfo(file, Instant.parse(meta.path("builtAt").asText()), meta.path("advisories").asLong(),
                    meta.path("packages").asInt(), List.copyOf(sources));
            return new AdvisoryDb(file, channel, index, keys, info);
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (e instanceof InvalidInputException || e instanceof NotFoundException) {
                throw e;
            }
            throw damaged(file, e.toString());
        }
    }

    private static InvalidInputException damaged(Path file, String why) {
        return new InvalidInputException("advisory database " + file + " is damaged (" + why
                + "): import or update it again");
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at " + at);
            }
            at += n;
        }
        buffer.flip();
        return buffer;
    }

    /**
     * When and from what the database was built.
     *
     * @return its metadata
     */
    public DbInfo info() {
        return info;
    }

    /**
     * The advisories for one package in one ecosystem.
     *
     * @param ecosystem e.g. {@code Debian:12}
     * @param pkg       the package name as advisories name it
     * @return its advisories, empty when none
     * @throws IOException when the file cannot be read
     */
    public List<Advisory> lookup(String ecosystem, String pkg) throws IOException {
        long[] at = find(ecosystem, pkg);
        if (at == null) {
            return List.of();
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(read(channel, at[0], (int) at[2]).array()));
        List<Advisory> out = new ArrayList<>((int) at[1]);
        for (int i = 0; i < at[1]; i++) {
            out.add(AdvisoryCodec.read(ecosystem, pkg, in));
        }
        return out;
    }

    /** Binary search of the index: offset, count and length of the key's records, or null. */
    private long[] find(String ecosystem, String pkg) throws IOException {
        int table = index.capacity() - 4 * keys;
        int low = 0;
        int high = keys - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(index.array(),
                    index.getInt(table + 4 * mid), table));
            String eco = in.readUTF();
            int c = eco.compareTo(ecosystem);
            if (c == 0) {
                c = in.readUTF().compareTo(pkg);
            }
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return new long[]{in.readLong(), in.readInt(), in.readInt()};
            }
        }
        return null;
    }

    /**
     * The file this database was opened from.
     *
     * @return its path
     */
    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * Whether a database file exists at {@code file}.
     *
     * @param file a path
     * @return true when a regular file is there
     */
    public static boolean exists(Path file) {
        return Files.isRegularFile(file);
    }
}
