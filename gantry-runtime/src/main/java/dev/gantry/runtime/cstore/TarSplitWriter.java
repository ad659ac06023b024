package dev.gantry.runtime.cstore;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.gantry.oci.Json;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the tar-split of an uncompressed layer tar, so that podman can give back the exact tar
 * (and so the digest it has recorded) from the files Gantry unpacked: every byte between two
 * files' contents (headers, PAX records, padding, the end-of-archive blocks) is kept as a raw
 * segment, and each file's content is named with its size and CRC-64. The file is walked once
 * for entries and the segments are read from it by position, so how the tar reader buffers does
 * not matter: the entry's data offset is the count of bytes consumed when its header was read.
 */
final class TarSplitWriter {
    private TarSplitWriter() {
    }

    /** Owners seen in the layer, which containers/storage records beside it ({@code uidset}, {@code gidset}). */
    record Owners(SortedSet<Long> uids, SortedSet<Long> gids) {
    }

    static Owners write(Path tar, Path tarSplit) throws IOException {
        SortedSet<Long> uids = new TreeSet<>();
        SortedSet<Long> gids = new TreeSet<>();
        try (FileChannel raw = FileChannel.open(tar, StandardOpenOption.READ);
             CountingInputStream counted = new CountingInputStream(new BufferedInputStream(Files.newInputStream(tar), 256 * 1024));
             TarArchiveInputStream entries = new TarArchiveInputStream(counted);
             OutputStream file = Files.newOutputStream(tarSplit);
             Writer out = new OutputStreamWriter(new GZIPOutputStream(file, 64 * 1024), StandardCharsets.UTF_8)) {
            long position = 0;
            long segmentStart = 0;
            TarArchiveEntry entry;
            byte[] buf = new byte[256 * 1024];
            while ((entry = entries.getNextEntry()) != null) {
                long dataStart = counted.count;
                position = segment(out, raw, segmentStart, dataStart, position);
                uids.add(entry.getLongUserId());
                gids.add(entry.getLongGroupId());
                long size = entry.isFile() && !entry.isLink() ? entry.getSize() : 0;
                Crc64 crc = new Crc64();
                long left = size;
                while (left > 0) {
                    int n = entries.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        throw new IOException(tar + ": entry " + entry.getName() + " is truncated");
                    }
                    crc.update(buf, 0, n);
                    left -= n;
                }
                String entryName = entry.getName();
                line(out, gen -> {
                    gen.writeNumberField("type", 1);
                    gen.writeStringField("name", entryName);
                    if (size > 0) {
                        gen.writeNumberField("size", size);
                    }
                    if (size > 0) {
                        gen.writeStringField("payload", Base64.getEncoder().encodeToString(crc.sum()));
                    } else {
                        gen.writeNullField("payload");
                    }
                }, position++);
                segmentStart = dataStart + size;
            }
            segment(out, raw, segmentStart, raw.size(), position);
        }
        return new Owners(uids, gids);
    }

    /** Writes the raw bytes [from, to) of the tar as segments (1 MiB at most each); returns the next position. */
    private static long segment(Writer out, FileChannel raw, long from, long to, long position) throws IOException {
        for (long at = from; at < to; ) {
            int length = (int) Math.min(1 << 20, to - at);
            ByteBuffer bytes = ByteBuffer.allocate(length);
            while (bytes.hasRemaining()) {
                if (raw.read(bytes, at + bytes.position()) < 0) {
                    throw new IOException("tar ended before byte " + to);
                }
            }
            String payload = Base64.getEncoder().encodeToString(bytes.array());
            line(out, gen -> {
                gen.writeNumberField("type", 2);
                gen.writeStringField("payload", payload);
            }, position++);
            at += length;
        }
        return position;
    }

    private interface Fields {
        void write(JsonGenerator gen) throws IOException;
    }

    private static void line(Writer out, Fields fields, long position) throws IOException {
        JsonGenerator gen = Json.mapper().getFactory().createGenerator(out);
        gen.writeStartObject();
        fields.write(gen);
        gen.writeNumberField("position", position);
        gen.writeEndObject();
        gen.flush();
        out.write('\n');
    }

    /** Counts what the tar reader consumed, skipped bytes included. */
    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
