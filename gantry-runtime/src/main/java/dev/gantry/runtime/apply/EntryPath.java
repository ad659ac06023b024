package dev.gantry.runtime.apply;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * Turns a tar entry name (or hardlink target) into a path relative to the root.
 *
 * <p>Decision on absolute names: like Docker and containerd, a leading "/" is dropped and the
 * name is taken relative to the root ({@code /etc/passwd} means {@code ROOT/etc/passwd}); the
 * spec's layers are root-relative either way. What can never happen is an escape: any ".."
 * component is refused outright (not resolved, even when it would stay inside), as are NULs
 * and names that are empty after normalisation where a file is required.
 */
public final class EntryPath {
    private EntryPath() {
    }

    /**
     * "./a//b/./c/" becomes "a/b/c"; "/", "." and "./" become "" (the root itself).
     * Refuses ".." components and NUL characters.
     */
    public static String normalise(String name, EntryContext where, String what) {
        if (name.indexOf('\0') >= 0) {
            throw new UnsafeLayerException(where, what + " contains a NUL character");
        }
        StringBuilder out = new StringBuilder(name.length());
        int start = 0;
        int length = name.length();
        while (start <= length) {
            int slash = name.indexOf('/', start);
            int end = slash < 0 ? length : slash;
            if (end > start) {
                String part = name.substring(start, end);
                if (part.equals("..")) {
                    throw new UnsafeLayerException(where, what + " '" + EntryContext.printable(name)
                            + "' climbs out of the root with '..'");
                }
                if (!part.equals(".")) {
                    if (!out.isEmpty()) {
                        out.append('/');
                    }
                    out.append(part);
                }
            }
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        return out.toString();
    }

    /** The parent of a normalised path ("" for a top-level name). */
    public static String parent(String rel) {
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? "" : rel.substring(0, slash);
    }

    /** The last component of a normalised path. */
    public static String base(String rel) {
        return rel.substring(rel.lastIndexOf('/') + 1);
    }

    public static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "/" + name;
    }

    /**
     * Names reach us decoded as ISO-8859-1 (one char per byte) for ustar and GNU long names,
     * and as real Unicode from PAX records. A Latin-1 string whose bytes are valid UTF-8 was
     * UTF-8 all along (the usual case) and is decoded as such; anything else is kept as it is:
     * a PAX name's Unicode, or a non-UTF-8 byte name read as Latin-1 (the likeliest meaning of
     * such bytes, and always a harmless, deterministic name inside the root).
     */
    public static String decodeName(String raw) {
        boolean ascii = true;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c > 0xff) {
                return raw;
            }
            if (c > 0x7f) {
                ascii = false;
            }
        }
        if (ascii) {
            return raw;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1)))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return raw;
        }
    }
}
