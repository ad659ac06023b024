package dev.gantry.registry.content;

import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;

import java.util.regex.Pattern;

/** distribution-spec's grammar for repository names and tags. */
public final class Names {
    public static final Pattern NAME = Pattern.compile(
            "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");
    public static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");
    /** The spec allows registries to cap names; distribution uses 255 with the host, we cap the path alone. */
    public static final int MAX_NAME_LENGTH = 255;

    private Names() {
    }

    public static boolean isName(String name) {
        return name != null && name.length() <= MAX_NAME_LENGTH && NAME.matcher(name).matches();
    }

    public static boolean isTag(String tag) {
        return tag != null && TAG.matcher(tag).matches();
    }

    public static String requireName(String name) {
        if (!isName(name)) {
            throw new RegistryException(ErrorCode.NAME_INVALID, "invalid repository name '" + name
                    + "': lowercase components of [a-z0-9] joined by '.', '_', '__' or '-', separated by '/', at most "
                    + MAX_NAME_LENGTH + " characters");
        }
        return name;
    }

    public static String requireTag(String tag) {
        if (!isTag(tag)) {
            throw new RegistryException(ErrorCode.TAG_INVALID, "invalid tag '" + tag
                    + "': up to 128 of [A-Za-z0-9_.-], not starting with '.' or '-'");
        }
        return tag;
    }
}
