package dev.gantry.runtime.apply;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;

/**
 * Owner, mode and times, set without following links. Owners are applied only as root (an
 * unprivileged chown fails); without root, a non-root owner is recorded in the
 * user.rootlesscontainers xattr ({@link RootlessOwners}) where the file system allows, and a
 * warning says what could not be. Order matters: chown clears set-uid bits, so mode comes after owner.
 */
final class FileMetadata {
    private final boolean root;
    private final Warnings warnings;
    private boolean createdAsRootOwned;

    FileMetadata(boolean root, Warnings warnings) {
        this.root = root;
        this.warnings = warnings;
    }

    /**
     * As root, a new file is created 0:0 unless a set-gid directory hands it another group.
     * Directory modes are deferred to the end, so during an apply only the root directory
     * itself could be set-gid or owned by another group; when it is not, chown(0, 0) of a
     * fresh file is a no-op that can be skipped (most image files are root's).
     */
    void rootDirectory(Path rootDir) throws IOException {
        int mode = (Integer) Files.getAttribute(rootDir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        int gid = (Integer) Files.getAttribute(rootDir, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        int egid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
        createdAsRootOwned = root && uid == 0 && egid == 0 && (mode & 02000) == 0 && gid == 0;
    }

    /** Owner of an entry; {@code fresh} when the applier has just created it (not an existing directory). */
    void owner(Path path, int uid, int gid, String rel, boolean fresh) throws IOException {
        if (fresh && createdAsRootOwned && uid == 0 && gid == 0) {
            return;
        }
        owner(path, uid, gid, rel);
    }

    void owner(Path path, int uid, int gid, String rel) throws IOException {
        if (!root) {
            if (uid == 0 && gid == 0) {
                return; // what rootless tools assume when nothing is recorded
            }
            if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    RootlessOwners.record(path, uid, gid);
                    return;
                } catch (IOException | UnsupportedOperationException e) {
                    warnings.add("owner " + uid + ":" + gid + " neither applied nor recorded (not root; user.xattrs: "
                            + e.getMessage() + ")", rel);
                    return;
                }
            }
            warnings.add("owner not applied (not running as root)", rel);
            return;
        }
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Permission bits plus set-uid, set-gid and sticky. Only for regular files and directories
     * the applier has just created or checked (so never a symlink): the JDK's no-follow variant
     * opens the file to fchmod it, which would block on a FIFO and open a device, so the plain
     * chmod(2) by path is used here instead.
     */
    void mode(Path path, int mode) throws IOException {
        Files.setAttribute(path, "unix:mode", mode & 07777);
    }

    /** Times of a regular file, directory or symlink (never a FIFO or device: the JDK opens the file to set them). */
    void times(Path path, FileTime modified, FileTime accessed, boolean symlink) throws IOException {
        if (modified == null) {
            return;
        }
        BasicFileAttributeView view = Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        try {
            view.setTimes(modified, accessed != null ? accessed : modified, null);
        } catch (IOException e) {
            if (!symlink) {
                throw e;
            }
            // Some file systems cannot set a symlink's own times; its target is never touched.
            warnings.add("symlink time not set", path.toString());
        }
    }
}
