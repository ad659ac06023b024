package dev.gantry.registry.storage;

import java.util.regex.Pattern;

/** The one pattern every storage key must match, checked by every driver operation before it touches anything. */
public final class StoragePaths {
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._-]+)+");

    private StoragePaths() {
    }

    /**
     * Checks a storage key: one or more {@code /component}s of {@code [A-Za-z0-9._-]}, none of them {@code .} or
     * {@code ..}, so no key can leave a driver's root.
     *
     * @param path the key to check; null is refused
     * @return {@code path}, unchanged
     * @throws InvalidStoragePathException when {@code path} is not a valid key
     */
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
