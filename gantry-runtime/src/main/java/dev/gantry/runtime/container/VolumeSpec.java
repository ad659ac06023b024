package dev.gantry.runtime.container;

import dev.gantry.error.InvalidInputException;
import dev.gantry.store.StoreRoot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * docker run's {@code -v SOURCE:DEST[:ro|rw]}: a host path (absolute, or starting with {@code .})
 * bind-mounted, created as a directory when missing as docker does; or a volume name, a
 * directory of the store's {@code volumes/} that outlives the container.
 */
public final class VolumeSpec {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private VolumeSpec() {
    }

    /**
     * Parses one {@code -v} value into a bind mount, creating its source directory when missing: a host path
     * (absolute or starting with {@code .}), or a named volume's {@code volumes/NAME/_data} in the store.
     *
     * @param text  {@code SOURCE:DEST[:ro|rw]}
     * @param store the store whose {@code volumes/} holds named volumes
     * @return the mount, read-write unless {@code :ro}
     * @throws dev.gantry.error.InvalidInputException when the text is not of that form, the mode is neither ro
     *         nor rw, the source is neither a path nor a valid name, or DEST is not absolute
     * @throws IOException when the source directory cannot be created
     */
    public static BindMount parse(String text, StoreRoot store) throws IOException {
        String[] parts = text.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new InvalidInputException("volume '" + text + "' must be SOURCE:DEST[:ro|rw] (a host path or a volume name, "
                    + "and an absolute path in the container)");
        }
        boolean readOnly = false;
        if (parts.length == 3) {
            readOnly = switch (parts[2]) {
                case "ro" -> true;
                case "rw" -> false;
                default -> throw new InvalidInputException("volume '" + text + "': the mode must be ro or rw, not '" + parts[2] + "'");
            };
        }
        String source = parts[0];
        Path host;
        if (source.startsWith("/") || source.startsWith(".")) {
            host = Path.of(source).toAbsolutePath().normalize();
            if (!Files.exists(host)) {
                Files.createDirectories(host);
            }
        } else if (NAME.matcher(source).matches()) {
            host = Files.createDirectories(store.volumes().resolve(source).resolve("_data"));
        } else {
            throw new InvalidInputException("volume '" + text + "': '" + source + "' is neither a path (absolute or ./) "
                    + "nor a volume name ([a-zA-Z0-9][a-zA-Z0-9_.-]*)");
        }
        return new BindMount(host, parts[1], readOnly);
    }
}
