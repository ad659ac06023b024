package dev.gantry.runtime.apply;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process may chown and mknod: its effective uid is 0. */
public final class Privileges {
    private static final boolean ROOT = detect();

    private Privileges() {
    }

    /**
     * Whether this process runs with effective uid 0, detected once from {@code /proc/self}'s owner (falling
     * back to the {@code user.name} property where {@code /proc} is unavailable).
     *
     * @return true when chown, mknod and trusted xattrs can be applied
     */
    public static boolean isRoot() {
        return ROOT;
    }

    private static boolean detect() {
        try {
            // /proc/self belongs to the process's effective uid.
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
