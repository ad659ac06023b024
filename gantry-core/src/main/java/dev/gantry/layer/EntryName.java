package dev.gantry.layer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Tar entry names (and hardlink targets) as paths relative to a root: the one rule that unpack,
 * export, analysis and validation share, so {@code tree} names a path exactly as {@code unpack}
 * writes it.
 *
 * <p>Decoding. Tar headers hold bytes. {@link LayerTarInputStream} hands ustar and GNU long
 * names over as ISO-8859-1 (one char per byte, lossless), PAX names as the Unicode of their
 * UTF-8. {@link #decode} turns the first into Unicode: bytes that are valid UTF-8 (the usual
 * case) are decoded as UTF-8; any other name keeps its bytes as Latin-1 characters (byte 0xE9
 * is {@code é}, U+00E9). That is the likeliest meaning of such bytes, it is deterministic and
 * loses nothing, and it is the name unpack creates (in the file system's UTF-8) and analysis
 * reports. Replacing invalid bytes with U+FFFD instead would merge distinct names.
 *
 * <p>Normalising. Like Docker and containerd, a leading "/" is dropped: layers are root-relative
 * either way. {@code ./a//b/./c/} is {@code a/b/c}; "/", "." and "./" are "" (the root). A ".."
 * component or a NUL makes a name {@linkplain #problem unusable}: it is refused or reported,
 * never resolved, even where it would stay inside the root.
 */
public final class EntryName {
    private EntryName() {
    }

    /**
     * {@return a name as the tar reader gave it (Latin-1 per byte, or a PAX name's Unicode) turned into Unicode}
     *
     * @param raw the name from the tar header (see {@link LayerTarInputStream#name})
     */
    public static String decode(String raw) {
        boolean ascii = true;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c > 0xff) {
                return raw; // a PAX name: already Unicode
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

    /**
     * {@return why a decoded name cannot be a path inside the root ("contains a NUL character", ...), or null when it can}
     *
     * @param name a decoded name, not yet normalised
     */
    public static String problem(String name) {
        if (name.indexOf('\0') >= 0) {
            return "contains a NUL character";
        }
        int start = 0;
        int length = name.length();
        while (start <= length) {
            int slash = name.indexOf('/', start);
            int end = slash < 0 ? length : slash;
            if (end - start == 2 && name.charAt(start) == '.' && name.charAt(start + 1) == '.') {
                return "climbs out of the root with '..'";
            }
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        return null;
    }

    /**
     * The root-relative path of a decoded name: no leading "/" or "./", no "." or empty
     * components, no trailing slash; "" for the root.
     *
     * @param name a decoded name
     * @return the normalised path
     * @throws IllegalArgumentException when {@link #problem} is not null; check that first
     */
    public static String normalise(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException("'" + name.replace("\0", "\\0") + "' " + problem);
        }
        StringBuilder out = new StringBuilder(name.length());
        int start = 0;
        int length = name.length();
        while (start <= length) {
            int slash = name.indexOf('/', start);
            int end = slash < 0 ? length : slash;
            boolean dot = end - start == 1 && name.charAt(start) == '.';
            if (end > start && !dot) {
                if (!out.isEmpty()) {
                    out.append('/');
                }
                out.append(name, start, end);
            }
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        return out.toString();
    }

    /**
     * {@return the parent of a normalised path ("" for a top-level name)}
     *
     * @param path a normalised path
     */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /**
     * {@return the last component of a normalised path}
     *
     * @param path a normalised path
     */
    public static String base(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * {@return {@code name} inside the normalised directory {@code parent}}
     *
     * @param parent a normalised directory path, "" for the root
     * @param name   one path component
     */
    public static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "/" + name;
    }
}
