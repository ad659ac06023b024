package dev.gantry.registry.storage;

import java.util.regex.Pattern;

/** The one pattern every storage key must match, checked by every driver operation before it touches anything. */
public final class StoragePaths {
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._-]+)+");

    private StoragePaths() {
    }

    /** Returns {@code path} when it is a valid key; '.' and '..' components are refused so no key can leave the root. */
    public static String check(String path) {
        if (path == null || !PATH.matcher(path).matches()) {
            throw new InvalidStoragePathException(path);
        }
        for (String component : path.substring(1).split("/")) {
            if (component.equals(".") || component.equals("..")) {
                throw new InvalidStoragePathException(path);
            }
        }
        return path;
    }
}
