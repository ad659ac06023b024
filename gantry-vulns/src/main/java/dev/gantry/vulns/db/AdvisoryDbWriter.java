package dev.gantry.vulns.db;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.oci.Json;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a database file ({@link AdvisoryDb} describes the layout) from advisories arriving in any
 * order. Each advisory is encoded as it arrives and appended to a spill file beside the target;
 * memory holds only the spill offsets per (ecosystem, package), so a 60 MB tracker import runs in a
 * small heap. {@link #commit} writes the sorted file under a temporary name, syncs it and renames it
 * over the target: until then, and whenever an import fails, the previous database stays as it was.
 */
public final class AdvisoryDbWriter implements AdvisorySink, Closeable {
    private final Path target;
    private final Path spill;
    private final DataOutputStream spillOut;
    private final Map<String, long[]> offsets = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private final List<ObjectNode> sources = new ArrayList<>();
    private final ByteArrayOutputStream record = new ByteArrayOutputStream();
    private long spillSize;
    private long total;

    /**
     * Starts a new database that will replace {@code target} on commit.
     *
     * @param target the database file; its directory is created when missing
     * @throws IOException when the spill file cannot be created
     */
    public AdvisoryDbWriter(Path target) throws IOException {
        this.target = target.toAbsolutePath();
        Files.createDirectories(this.target.getParent());
        this.spill = Files.createTempFile(this.target.getParent(), ".tmp-spill-", ".bin");
        this.spillOut = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(spill), 1 << 16));
    }

    @Override
    public void add(Advisory advisory) throws IOException {
        record.reset();
        AdvisoryCodec.write(advisory, new DataOutputStream(record));
        String key = AdvisoryDb.key(advisory.ecosystem(), advisory.pkg());
        int n = counts.getOrDefault(key, 0);
        long[] at = offsets.get(key);
        if (at == null || at.length == n) {
            long[] grown = new long[at == null ? 2 : at.length * 2];
            if (at != null) {
                System.arraycopy(at, 0, grown, 0, n);
            }
            at = grown;
            offsets.put(key, at);
        }
        at[n] = spillSize;
        counts.put(key, n + 1);
        spillOut.writeInt(record.size());
        record.writeTo(spillOut);
        spillSize += 4 + record.size();
        total++;
    }

    /**
     * Records one input the database is built from, for {@code db info} and the scan's report.
     *
     * @param name       the file or URL
     * @param format     its format ({@code osv}, {@code debian-tracker}, {@code alpine-secdb})
     * @param advisories how many advisory records it gave
     */
    public void source(String name, String format, long advisories) {
        ObjectNode s = Json.mapper().createObjectNode();
        s.put("name", name);
        s.put("format", format);
        s.put("advisories", advisories);
        sources.add(s);
    }

    /**
     * How many advisory records were added so far.
     *
     * @return the count
     */
    public long count() {
        return total;
    }

    /**
     * Writes the database and renames it over the target.
     *
     * @param builtAt the time to record as the build time
     * @throws IOException when writing fails; the previous database is then untouched
     */
    public void commit(Instant builtAt) throws IOException {
        spillOut.close();
        Path tmp = Files.createTempFile(target.getParent(), ".tmp-db-", ".gvdb");
        try (FileChannel in = FileChannel.open(spill, StandardOpenOption.READ);
             FileChannel file = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            CountingStream counting = new CountingStream(java.nio.channels.Channels.newOutputStream(file));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(counting, 1 << 16));
            out.write(AdvisoryDb.MAGIC);
            List<String> keys = new ArrayList<>(offsets.keySet());
            keys.sort(null);
            long[] starts = new long[keys.size()];
            int[] lengths = new int[keys.size()];
            ByteBuffer length = ByteBuffer.allocate(4);
            for (int k = 0; k < keys.size(); k++) {
                out.flush();
                starts[k] = counting.count;
                String key = keys.get(k);
                long[] at = offsets.get(key);
                int n = counts.get(key);
                for (int i = 0; i < n; i++) {
                    length.clear();
                    readFully(in, length, at[i]);
                    ByteBuffer bytes = ByteBuffer.allocate(length.getInt(0));
                    readFully(in, bytes, at[i] + 4);
                    out.write(bytes.array());
                }
                out.flush();
                lengths[k] = Math.toIntExact(counting.count - starts[k]);
            }
            long indexOffset = counting.count;
            out.writeInt(keys.size());
            int[] entryAt = new int[keys.size()];
            for (int k = 0; k < keys.size(); k++) {
                out.flush();
                entryAt[k] = Math.toIntExact(counting.count - indexOffset);
                String key = keys.get(k);
                int zero = key.indexOf('\0');
                out.writeUTF(key.substring(0, zero));
                out.writeUTF(key.substring(zero + 1));
                out.writeLong(starts[k]);
                out.writeInt(counts.get(key));
                out.writeInt(lengths[k]);
            }
            // where each entry starts, so that a reader can binary-search the index without decoding it
            for (int at : entryAt) {
                out.writeInt(at);
            }
            out.flush();
            long metaOffset = counting.count;
            ObjectNode meta = Json.mapper().createObjectNode();
            meta.put("format", AdvisoryDb.FORMAT_VERSION);
            meta.put("builtAt", builtAt.toString());
            meta.put("advisories", total);
            meta.put("packages", keys.size());
            ArrayNode list = meta.putArray("sources");
            sources.forEach(list::add);
            byte[] metaBytes = Json.mapper().writeValueAsBytes(meta);
            out.write(metaBytes);
            out.writeLong(indexOffset);
            out.writeLong(metaOffset);
            out.writeInt(metaBytes.length);
            out.write(AdvisoryDb.END);
            out.flush();
            file.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(spill);
    }

    private static void readFully(FileChannel in, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = in.read(into, at);
            if (n < 0) {
                throw new IOException("advisory spill file ended early at " + at);
            }
            at += n;
        }
    }

    /** Removes the spill file; without a commit, the target is left as it was. */
    @Override
    public void close() throws IOException {
        // nothing else to undo without a commit: the target is only ever replaced by commit's rename
        spillOut.close();
        Files.deleteIfExists(spill);
    }

    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
