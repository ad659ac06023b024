package dev.gantry.runtime.apply;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Commons Compress's tar reader, with two things it lacks for untrusted layers:
 * <ul>
 *   <li>a bound on tar metadata (PAX records, GNU long names): the library reads them whole
 *       into memory, so a layer declaring a 10 GB PAX header would exhaust the heap. Bytes
 *       read while an entry's headers are parsed are counted and refused past the limit
 *       (Go's archive/tar uses 1 MiB the same way);</li>
 *   <li>the raw bytes of the entry's PAX record, because the library decodes every PAX value
 *       as UTF-8 and so corrupts binary xattrs such as {@code security.capability}.</li>
 * </ul>
 * Names are decoded as ISO-8859-1 (one char per byte, lossless); {@link EntryPath#decodeName}
 * turns them into Unicode.
 */
final class RawTarInputStream extends TarArchiveInputStream {
    private static final String SCHILY_XATTR = "SCHILY.xattr.";
    private static final String LIBARCHIVE_XATTR = "LIBARCHIVE.xattr.";

    /** Thrown (as an IOException, so the library passes it through) when metadata exceeds the bound. */
    static final class MetadataTooLargeException extends IOException {
        MetadataTooLargeException(int limit) {
            super("tar metadata (PAX or GNU long-name records) before this entry exceeds " + limit + " bytes");
        }
    }

    private final int maxMetadataBytes;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private byte[] paxRecord;
    private int depth;

    RawTarInputStream(InputStream in, int maxMetadataBytes) {
        super(in, "ISO-8859-1");
        this.maxMetadataBytes = maxMetadataBytes;
    }

    @Override
    public TarArchiveEntry getNextEntry() throws IOException {
        // The library reads a special header's data, then calls getNextEntry() again for the
        // real entry: depth > 0 means the bytes just captured belong to the previous header.
        if (depth == 0) {
            paxRecord = null;
        } else {
            TarArchiveEntry special = getCurrentEntry();
            if (special != null && special.isPaxHeader() && !special.isGlobalPaxHeader()) {
                paxRecord = captured.toByteArray();
            }
        }
        captured.reset();
        depth++;
        try {
            return super.getNextEntry();
        } finally {
            depth--;
        }
    }

    @Override
    public int read(byte[] buf, int offset, int length) throws IOException {
        int n = super.read(buf, offset, length);
        if (depth > 0 && n > 0) {
            if (captured.size() + n > maxMetadataBytes) {
                throw new MetadataTooLargeException(maxMetadataBytes);
            }
            captured.write(buf, offset, n);
        }
        return n;
    }

    /** The current entry's xattrs with their exact bytes, from its PAX record (empty when none). */
    Map<String, byte[]> xattrs() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        byte[] pax = paxRecord;
        if (pax == null) {
            return out;
        }
        int pos = 0;
        while (pos < pax.length) {
            int space = indexOf(pax, (byte) ' ', pos);
            if (space < 0) {
                break;
            }
            int length;
            try {
                length = Integer.parseInt(new String(pax, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                break; // the library already validated the record; stop rather than guess
            }
            int end = pos + length;
            if (length <= 0 || end > pax.length) {
                break;
            }
            int equals = indexOf(pax, (byte) '=', space + 1);
            if (equals > 0 && equals < end) {
                String key = new String(pax, space + 1, equals - space - 1, StandardCharsets.UTF_8);
                int valueEnd = pax[end - 1] == '\n' ? end - 1 : end;
                byte[] value = java.util.Arrays.copyOfRange(pax, equals + 1, valueEnd);
                if (key.startsWith(SCHILY_XATTR)) {
                    out.put(key.substring(SCHILY_XATTR.length()), value);
                } else if (key.startsWith(LIBARCHIVE_XATTR)) {
                    // libarchive: URL-encoded name, base64 value.
                    String name = java.net.URLDecoder.decode(key.substring(LIBARCHIVE_XATTR.length()), StandardCharsets.UTF_8);
                    try {
                        out.putIfAbsent(name, Base64.getDecoder().decode(new String(value, StandardCharsets.US_ASCII).strip()));
                    } catch (IllegalArgumentException notBase64) {
                        // ignore a malformed libarchive value; SCHILY carries the same attribute when both exist
                    }
                }
            }
            pos = end;
        }
        return out;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
