package dev.gantry.analysis.walk;

/**
 * Tar names to root-relative paths. A leading "/" is dropped (layers are root-relative either
 * way, as Docker treats them); a ".." component or a NUL makes the name hostile: it is reported,
 * never resolved, even where it would stay inside the root.
 */
final class EntryNames {
    private EntryNames() {
    }

    /** Why {@code raw} cannot be a path inside the root, or null when it can. */
    static String problem(String raw) {
        if (raw.indexOf('\0') >= 0) {
            return "contains a NUL character";
        }
        for (String part : raw.split("/", -1)) {
            if (part.equals("..")) {
                return "climbs out of the root with '..'";
            }
        }
        return null;
    }

    /** "./a//b/./c/" is "a/b/c"; the root itself is "". Call only when {@link #problem} is null. */
    static String normalise(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (String part : raw.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(part);
        }
        return out.toString();
    }
}
