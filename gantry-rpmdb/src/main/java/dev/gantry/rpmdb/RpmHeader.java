package dev.gantry.rpmdb;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One rpm header as rpm stores it in a database row (rpm's {@code headerExport} form, without the
 * on-disk package's magic): a big-endian int32 index count {@code il}, an int32 data length {@code dl},
 * {@code il} index entries of four int32s (tag, type, offset into the data, count), then {@code dl} bytes of
 * data. Every number comes from the image, so each is checked before it is used: the counts against rpm's own
 * limits ({@code HEADER_TAGS_MAX}, {@code HEADER_DATA_MAX}) and the blob's real length, each entry's type,
 * offset and count against the data, a string's terminating NUL within it, integers' alignment as rpm
 * requires. Nothing is read past the blob and nothing is allocated from a declared size.
 */
final class RpmHeader {
    static final int TAG_NAME = 1000;
    static final int TAG_VERSION = 1001;
    static final int TAG_RELEASE = 1002;
    static final int TAG_EPOCH = 1003;
    static final int TAG_ARCH = 1022;
    static final int TAG_SOURCERPM = 1044;

    /** rpm's {@code HEADER_TAGS_MAX}. */
    static final int MAX_ENTRIES = 0xffff;
    /** rpm's {@code HEADER_DATA_MAX}. */
    static final int MAX_DATA = 0x0fffffff;

    static final int TYPE_INT32 = 4;
    static final int TYPE_STRING = 6;
    static final int TYPE_STRING_ARRAY = 8;
    static final int TYPE_I18NSTRING = 9;
    private static final int TYPE_MAX = 9;
    private static final int ENTRY_BYTES = 16;

    private record Entry(int index, int type, int offset, int count) {
    }

    private final byte[] blob;
    private final int dataStart;
    private final int dataLength;
    private final Map<Integer, Entry> byTag;

    private RpmHeader(byte[] blob, int dataStart, int dataLength, Map<Integer, Entry> byTag) {
        this.blob = blob;
        this.dataStart = dataStart;
        this.dataLength = dataLength;
        this.byTag = byTag;
    }

    /** Parses the index of a header blob; tag values are checked when they are read. */
    static RpmHeader parse(byte[] blob) throws HeaderException {
        if (blob.length < 8) {
            throw new HeaderException("header of " + blob.length + " bytes, shorter than its 8-byte preamble");
        }
        int il = int32(blob, 0);
        int dl = int32(blob, 4);
        if (il < 1 || il > MAX_ENTRIES) {
            throw new HeaderException("header index count " + Integer.toUnsignedString(il) + " outside 1.." + MAX_ENTRIES);
        }
        if (dl < 0 || dl > MAX_DATA) {
            throw new HeaderException("header data length " + Integer.toUnsignedString(dl) + " outside 0.." + MAX_DATA);
        }
        long expected = 8L + (long) il * ENTRY_BYTES + dl;
        if (expected != blob.length) {
            throw new HeaderException("header declares " + il + " index entries and " + dl + " data bytes ("
                    + expected + " bytes in all) but is " + blob.length + " bytes");
        }
        int dataStart = 8 + il * ENTRY_BYTES;
        Map<Integer, Entry> byTag = new HashMap<>();
        for (int i = 0; i < il; i++) {
            int at = 8 + i * ENTRY_BYTES;
            int tag = int32(blob, at);
            int type = int32(blob, at + 4);
            int offset = int32(blob, at + 8);
            int count = int32(blob, at + 12);
            if (type < 0 || type > TYPE_MAX) {
                throw new HeaderException("header index entry " + i + " (tag " + tag + ") has unknown type " + type);
            }
            if (offset < 0 || offset > dl) {
                throw new HeaderException("header index entry " + i + " (tag " + tag + ") points at offset "
                        + offset + ", outside the " + dl + " data bytes");
            }
            if (count < 1 || count > dl) {
                throw new HeaderException("header index entry " + i + " (tag " + tag + ") has count " + count
                        + " for " + dl + " data bytes");
            }
            byTag.putIfAbsent(tag, new Entry(i, type, offset, count));
        }
        return new RpmHeader(blob, dataStart, dl, byTag);
    }

    /**
     * A string tag's value ({@code STRING}, or the first string of an {@code I18NSTRING} or {@code STRING_ARRAY}),
     * or null when the header has no such tag.
     */
    String string(int tag) throws HeaderException {
        Entry e = byTag.get(tag);
        if (e == null) {
            return null;
        }
        if (e.type != TYPE_STRING && e.type != TYPE_I18NSTRING && e.type != TYPE_STRING_ARRAY) {
            throw new HeaderException("header tag " + tag + " (index entry " + e.index + ") has type " + e.type
                    + ", not a string");
        }
        int start = dataStart + e.offset;
        int end = dataStart + dataLength;
        for (int i = start; i < end; i++) {
            if (blob[i] == 0) {
                return new String(blob, start, i - start, StandardCharsets.UTF_8);
            }
        }
        throw new HeaderException("header tag " + tag + " (index entry " + e.index + ") is a string without its "
                + "terminating NUL before the end of the data");
    }

    /** The first value of an {@code INT32} tag, or null when the header has no such tag. */
    Integer int32(int tag) throws HeaderException {
        Entry e = byTag.get(tag);
        if (e == null) {
            return null;
        }
        if (e.type != TYPE_INT32) {
            throw new HeaderException("header tag " + tag + " (index entry " + e.index + ") has type " + e.type
                    + ", not INT32");
        }
        if (e.offset % 4 != 0 || (long) e.offset + 4L * e.count > dataLength) {
            throw new HeaderException("header tag " + tag + " (index entry " + e.index + "): " + e.count
                    + " INT32 values at offset " + e.offset + " are misaligned or past the " + dataLength + " data bytes");
        }
        return int32(blob, dataStart + e.offset);
    }

    private static int int32(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
