package dev.gantry.registry.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a blob GET (RFC 9110 14.1.2): {@code bytes=a-b}, {@code bytes=a-} or the
 * suffix form {@code bytes=-n}. Malformed or multi-range headers are ignored (the whole blob is
 * sent), as the RFC allows; a range that starts past the end is unsatisfiable (416).
 */
record ByteRange(long start, long end) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    long length() {
        return end - start + 1;
    }

    /** Outcome of matching a Range header against a blob's size. */
    sealed interface Result permits Whole, Partial, Unsatisfiable {
    }

    record Whole() implements Result {
    }

    record Partial(ByteRange range) implements Result {
    }

    record Unsatisfiable() implements Result {
    }

    static Result of(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return new Whole();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    return new Unsatisfiable();
                }
                return new Partial(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long start = Long.parseLong(m.group(1));
            long end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < start) {
                return new Whole();
            }
            if (start >= size) {
                return new Unsatisfiable();
            }
            return new Partial(new ByteRange(start, end));
        } catch (NumberFormatException e) {
            return new Whole();
        }
    }
}
