package dev.gantry.layer;

import dev.gantry.error.LimitExceededException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one tar reader for untrusted layers (unpack, analysis, validate): Commons Compress's, with
 * what it lacks for them:
 * <ul>
 *   <li>a bound on tar metadata (PAX records, GNU long names): the library reads them whole
 *       into memory, so a layer declaring a 10 GB PAX header would exhaust the heap. Bytes
 *       read while an entry's headers are parsed are counted and refused past the limit
 *       ({@link MetadataTooLargeException});</li>
 *   <li>a budget on declared sizes: the entries' sizes are summed as each header arrives, so a
 *       10 GB bomb is refused at its header ({@link EntryTooLargeException}) before a byte of it
 *       is inflated;</li>
 *   <li>the raw bytes of the entry's PAX record, because the library decodes every PAX value
 *       as UTF-8 and so corrupts binary xattrs such as {@code security.capability};</li>
 *   <li>names decoded by {@link EntryName#decode} ({@link #name}, {@link #linkName}): the
 *       library is told ISO-8859-1 so no byte of a ustar or GNU name is lost.</li>
 * </ul>
 * Reads of entry content go straight to the library's bulk read; only header parsing is counted.
 */
public final class LayerTarInputStream extends TarArchiveInputStream {
    private static final String SCHILY_XATTR = "SCHILY.xattr.";
    private static final String LIBARCHIVE_XATTR = "LIBARCHIVE.xattr.";

    /** Thrown (as an IOException, so the library passes it through) when metadata exceeds the bound. */
    public static final class MetadataTooLargeException extends IOException {
        MetadataTooLargeException(int limit) {
            super("tar metadata (PAX or GNU long-name records) before this entry exceeds " + limit + " bytes");
        }
    }

    /** An entry whose declared size takes the layer's declared total past its budget (a decompression bomb). */
    public static final class EntryTooLargeException extends LimitExceededException {
        private final String entryName;

        EntryTooLargeException(String entryName, long size, long budget) {
            super("declares " + size + " bytes, past the layer's limit of " + budget
                    + " bytes (a decompression bomb?); raise it with --max-expansion if the image is genuine");
            this.entryName = entryName;
        }

        /** {@return the decoded name of the entry whose header was refused} */
        public String entryName() {
            return entryName;
        }
    }

    private final int maxMetadataBytes;
    private final long budget;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private byte[] paxRecord;
    private int depth;
    private long declared;

    /**
     * A reader over an uncompressed tar; nothing is read until the first {@link #getNextEntry()}.
     *
     * @param in     the uncompressed tar
     * @param limits the metadata bound
     * @param budget the most bytes the entries may declare in total ({@link ExpansionLimits#budget}; Long.MAX_VALUE for none)
     */
    public LayerTarInputStream(InputStream in, ExpansionLimits limits, long budget) {
        super(in, StandardCharsets.ISO_8859_1.name());
        this.maxMetadataBytes = limits.maxMetadataBytes();
        this.budget = budget;
    }

    @Override
    public TarArchiveEntry getNextEntry() throws IOException {
        // The library reads a special header's data, then calls getNextEntry() again for the
        // real entry: depth > 0 means the bytes just captured belong to the previous header.
        boolean outermost = depth == 0;
        if (outermost) {
            paxRecord = null;
        } else {
            TarArchiveEntry special = getCurrentEntry();
            if (special != null && special.isPaxHeader() && !special.isGlobalPaxHeader()) {
                paxRecord = captured.toByteArray();
            }
        }
        captured.reset();
        depth++;
        TarArchiveEntry entry;
        try {
            entry = super.getNextEntry();
        } finally {
            depth--;
        }
        if (outermost && entry != null) {
            long size = Math.max(entry.getSize(), entry.getRealSize());
            declared += size;
            if (declared > budget || declared < 0) {
                throw new EntryTooLargeException(name(entry), size, budget);
            }
        }
        return entry;
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

    /**
     * {@return the entry's name in Unicode ({@link EntryName#decode}), not yet normalised}
     *
     * @param entry an entry this reader returned
     */
    public static String name(TarArchiveEntry entry) {
        return EntryName.decode(entry.getName());
    }

    /**
     * {@return the entry's link target in Unicode ({@link EntryName#decode}), not yet normalised}
     *
     * @param entry a symlink or hardlink entry this reader returned
     */
    public static String linkName(TarArchiveEntry entry) {
        return EntryName.decode(entry.getLinkName());
    }

    /**
     * {@return the current entry's xattrs with their exact bytes, from its PAX record (empty when none)}
     * Both {@code SCHILY.xattr.} and libarchive's {@code LIBARCHIVE.xattr.} records are read; SCHILY's wins
     * when both name one attribute.
     */
    public Map<String, byte[]> xattrs() {
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
                byte[] value = Arrays.copyOfRange(pax, equals + 1, valueEnd);
                if (key.startsWith(SCHILY_XATTR)) {
                    out.put(key.substring(SCHILY_XATTR.length()), value);
                } else if (key.startsWith(LIBARCHIVE_XATTR)) {
                    // libarchive: URL-encoded name, base64 value.
                    String name = URLDecoder.decode(key.substring(LIBARCHIVE_XATTR.length()), StandardCharsets.UTF_8);
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
