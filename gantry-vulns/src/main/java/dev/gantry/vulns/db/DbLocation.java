package dev.gantry.vulns.db;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the advisory database lives: {@code --db DIR} when given, else {@code $GANTRY_VULNS_DB},
 * else {@code $XDG_CACHE_HOME/gantry/vulns}, else {@code ~/.cache/gantry/vulns}; the file in it is
 * {@value #FILE_NAME}.
 */
public final class DbLocation {
    /** The database file's name inside its directory. */
    public static final String FILE_NAME = "advisories.gvdb";

    private DbLocation() {
    }

    /**
     * The database directory.
     *
     * @param flag the {@code --db} value, or null
     * @param env  the environment to read ({@code System.getenv()} in the CLI)
     * @return the directory
     */
    public static Path directory(Path flag, Map<String, String> env) {
        if (flag != null) {
            return flag;
        }
        String own = env.get("GANTRY_VULNS_DB");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "gantry", "vulns");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "gantry", "vulns");
    }

    /**
     * The database file.
     *
     * @param flag the {@code --db} value, or null
     * @param env  the environment
     * @return the file inside {@link #directory}
     */
    public static Path file(Path flag, Map<String, String> env) {
        return directory(flag, env).resolve(FILE_NAME);
    }
}
