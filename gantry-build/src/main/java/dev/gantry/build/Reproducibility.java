package dev.gantry.build;

import dev.gantry.error.InvalidInputException;
import dev.gantry.runtime.export.FilesystemTarWriter;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.time.Instant;
import java.util.Map;

/**
 * What makes a built layer independent of the machine and the moment: one fixed mtime for every entry
 * (SOURCE_DATE_EPOCH when set, else the Unix epoch), fixed owners (root unless {@code --chown}) and normalised
 * modes: directories and files with any execute bit 0755, other files 0644 (setuid, setgid and sticky bits
 * dropped), symlinks 0777. The same time is the image's {@code created} and each history entry's.
 *
 * @param epochSeconds every entry's mtime and the image's creation time, in seconds since the epoch
 * @param uid          every entry's owner
 * @param gid          every entry's group
 */
public record Reproducibility(long epochSeconds, int uid, int gid) implements FilesystemTarWriter.EntryPolicy {
    /** The environment variable reproducible builds agree on (reproducible-builds.org). */
    public static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";

    /**
     * The time from {@code SOURCE_DATE_EPOCH} in {@code environment}, owner root.
     *
     * @param environment the process environment, or a stand-in
     * @return the policy; the epoch (0) when the variable is unset or blank
     * @throws dev.gantry.error.InvalidInputException when the variable is not a non-negative number
     */
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

    /**
     * The same policy with another owner, parsed from {@code --chown UID[:GID]} (numbers; names would need the
     * image's /etc/passwd).
     *
     * @param chown {@code UID} (the group is the same number) or {@code UID:GID}, or null to keep the owner
     * @return the policy with that owner
     * @throws dev.gantry.error.InvalidInputException when the value is not one or two non-negative numbers
     */
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

    /**
     * The fixed time as configs and history entries write it.
     *
     * @return RFC 3339 in UTC, e.g. "1970-01-01T00:00:00Z"
     */
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
