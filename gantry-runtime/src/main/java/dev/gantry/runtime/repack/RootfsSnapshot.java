package dev.gantry.runtime.repack;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What every path below a root filesystem looked like at one moment, from {@code lstat} alone:
 * enough to tell later which paths changed, as git's index does. ctime is part of it, and no
 * user can set ctime: every write, chmod, chown, link or rename moves it, so an edit is found
 * even when mtime and size were put back ({@code touch -r}, {@code cp -p}).
 *
 * @param entries each path relative to the root (no leading {@code /}), in walk order (each directory's names sorted)
 */
public record RootfsSnapshot(Map<String, Stat> entries) {
    private static final String ATTRIBUTES = "unix:mode,uid,gid,size,ino,lastModifiedTime,ctime";

    /**
     * One path's {@code lstat}.
     *
     * @param mode  type and permission bits, as {@code st_mode}
     * @param uid   owner
     * @param gid   group
     * @param size  bytes (a symlink's: its target's length)
     * @param mtime modification time in nanoseconds since the epoch
     * @param ctime status-change time in nanoseconds since the epoch
     * @param inode inode number
     * @param link  a symlink's target, else null
     */
    public record Stat(int mode, int uid, int gid, long size, long mtime, long ctime, long inode, String link) {
        /** {@return true for a directory} */
        public boolean isDirectory() {
            return (mode & 0170000) == 0040000;
        }
    }

    /**
     * Walks {@code root} without following symlinks.
     *
     * @param root the root filesystem
     * @return every path below it (not the root itself)
     * @throws IOException when a directory or path cannot be read
     */
    public static RootfsSnapshot take(Path root) throws IOException {
        Map<String, Stat> entries = new LinkedHashMap<>();
        walk(root, "", entries);
        return new RootfsSnapshot(Collections.unmodifiableMap(entries));
    }

    private static void walk(Path dir, String prefix, Map<String, Stat> into) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                names.add(child.getFileName().toString());
            }
        }
        Collections.sort(names);
        for (String name : names) {
            Path path = dir.resolve(name);
            Stat stat = stat(path);
            into.put(prefix + name, stat);
            if (stat.isDirectory()) {
                walk(path, prefix + name + "/", into);
            }
        }
    }

    private static Stat stat(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        String link = (mode & 0170000) == 0120000 ? Files.readSymbolicLink(path).toString() : null;
        return new Stat(mode, (Integer) a.get("uid"), (Integer) a.get("gid"), (Long) a.get("size"),
                nanos(a.get("lastModifiedTime")), nanos(a.get("ctime")), (Long) a.get("ino"), link);
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }
}
