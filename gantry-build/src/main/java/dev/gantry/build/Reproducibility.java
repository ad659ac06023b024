package dev.gantry.build;

import dev.gantry.error.InvalidInputException;
import dev.gantry.runtime.export.FilesystemTarWriter;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.time.Instant;
import java.util.Map;

/**
 * What makes a built layer independent of the machine and the moment: one fixed mtime for every
 * entry (SOURCE_DATE_EPOCH when set, else the Unix epoch), fixed owners (root unless
 * {@code --chown}) and normalised modes: directories and files with any execute bit 0755,
 * other files 0644 (setuid, setgid and sticky bits dropped). The same time is the image's
 * {@code created} and each history entry's.
 */
public record Reproducibility(long epochSeconds, int uid, int gid) implements FilesystemTarWriter.EntryPolicy {
    public static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";

    /** Epoch from {@code SOURCE_DATE_EPOCH} in {@code environment} (0 when unset), owner root. */
    public static Reproducibility fromEnvironment(Map<String, String> environment) {
        String value = environment.get(SOURCE_DATE_EPOCH);
        if (value == null || value.isBlank()) {
            return new Reproducibility(0, 0, 0);
        }
        try {
            long seconds = Long.parseLong(value.strip());
            if (seconds < 0) {
                throw new NumberFormatException();
            }
            return new Reproducibility(seconds, 0, 0);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(SOURCE_DATE_EPOCH + "='" + value + "' is not a non-negative number of seconds");
        }
    }

    /** Parses {@code --chown UID[:GID]} (numbers; names would need the image's /etc/passwd). */
    public Reproducibility withOwner(String chown) {
        if (chown == null) {
            return this;
        }
        String[] parts = chown.split(":", -1);
        try {
            int u = Integer.parseInt(parts[0]);
            int g = parts.length > 1 ? Integer.parseInt(parts[1]) : u;
            if (parts.length > 2 || u < 0 || g < 0) {
                throw new NumberFormatException();
            }
            return new Reproducibility(epochSeconds, u, g);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--chown '" + chown + "' must be UID[:GID] in numbers, e.g. 1000:1000");
        }
    }

    /** RFC 3339, as configs and history entries write times. */
    public String created() {
        return Instant.ofEpochSecond(epochSeconds).toString();
    }

    @Override
    public void apply(TarArchiveEntry entry) {
        entry.setModTime(epochSeconds * 1000);
        entry.setIds(uid, gid);
        if (entry.isSymbolicLink()) {
            entry.setMode(0777);
        } else if (entry.isDirectory() || (entry.getMode() & 0111) != 0) {
            entry.setMode(0755);
        } else {
            entry.setMode(0644);
        }
    }
}
