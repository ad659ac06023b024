package dev.gantry.runtime.testing;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** Builds layer tars entry by entry, hostile ones included (no validation here, on purpose). */
public final class TarBuilder {
    public static final Instant MTIME = Instant.parse("2024-01-02T03:04:05Z");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    public TarBuilder() {
        this(StandardCharsets.UTF_8.name());
    }

    /** {@code encoding} is how names are written into ustar headers (ISO-8859-1 writes raw non-UTF-8 bytes). */
    public TarBuilder(String encoding) {
        tar = new TarArchiveOutputStream(bytes, encoding);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    public TarBuilder file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public TarBuilder file(String name, byte[] content, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        e.setMode(mode);
        e.setSize(content.length);
        return add(e, content);
    }

    public TarBuilder dir(String name) {
        return dir(name, 0755);
    }

    public TarBuilder dir(String name, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true);
        e.setMode(mode);
        return add(e, null);
    }

    public TarBuilder symlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        e.setLinkName(target);
        e.setMode(0777);
        return add(e, null);
    }

    public TarBuilder hardlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        e.setLinkName(target);
        e.setMode(0644);
        return add(e, null);
    }

    public TarBuilder fifo(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_FIFO, true);
        e.setMode(0600);
        return add(e, null);
    }

    public TarBuilder charDevice(String name, int major, int minor) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_CHR, true);
        e.setMode(0666);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        return add(e, null);
    }

    /** {@code DIR/.wh.NAME} (DIR may be ""). */
    public TarBuilder whiteout(String dir, String name) {
        return file((dir.isEmpty() ? "" : dir + "/") + ".wh." + name, "");
    }

    public TarBuilder opaque(String dir) {
        return file((dir.isEmpty() ? "" : dir + "/") + ".wh..wh..opq", "");
    }

    /** A file with PAX headers (xattrs as SCHILY.xattr.NAME, values as ISO-8859-1 strings = raw bytes). */
    public TarBuilder fileWithPax(String name, String content, Map<String, String> pax) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        e.setSize(data.length);
        e.setMode(0644);
        pax.forEach(e::addPaxHeader);
        return add(e, data);
    }

    /** A file preceded by a hand-written PAX record whose values are raw bytes (the library would UTF-8 encode them). */
    public TarBuilder fileWithRawPax(String name, String content, Map<String, byte[]> pax) {
        rawPax(name, pax);
        return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    /** Only the PAX header entry; the caller adds the entry it describes next. */
    public TarBuilder rawPax(String name, Map<String, byte[]> pax) {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        pax.forEach((key, value) -> {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            int body = 1 + k.length + 1 + value.length + 1; // ' ' key '=' value '\n'
            int length = body + Integer.toString(body).length();
            if (Integer.toString(length).length() != Integer.toString(body).length()) {
                length++;
            }
            records.writeBytes((length + " ").getBytes(StandardCharsets.US_ASCII));
            records.writeBytes(k);
            records.write('=');
            records.writeBytes(value);
            records.write('\n');
        });
        TarArchiveEntry header = new TarArchiveEntry("PaxHeaders/" + name, TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
        header.setSize(records.size());
        return add(header, records.toByteArray());
    }

    /** Adds a caller-made entry; {@code content} may be null for entries without data. */
    public TarBuilder add(TarArchiveEntry e, byte[] content) {
        try {
            e.setModTime(MTIME.toEpochMilli());
            tar.putArchiveEntry(e);
            if (content != null) {
                tar.write(content);
            }
            tar.closeArchiveEntry();
            return this;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public byte[] build() {
        try {
            tar.finish();
            tar.close();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }
}
