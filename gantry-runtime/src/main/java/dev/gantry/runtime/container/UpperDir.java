package dev.gantry.runtime.container;

import dev.gantry.runtime.host.HostCommand;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A container's overlayfs upper directory read as changes: the kernel records a deletion as
 * a 0/0 character device of the deleted name, and a directory that replaced a lower one
 * (deleted and made again) as {@code trusted.overlay.opaque=y}.
 */
public final class UpperDir {
    /**
     * One path the container touched, in walk order (parents before children, names sorted).
     *
     * @param path       relative to the upper directory, without a leading {@code /}
     * @param file       the entry's path on the host
     * @param attributes its attributes, read without following a symlink
     * @param whiteout   the kernel's deletion marker (a 0/0 character device): the lower path was deleted
     * @param opaque     a directory marked {@code trusted.overlay.opaque=y}: it hides the lower directory's
     *                   content
     */
    public record Entry(String path, Path file, BasicFileAttributes attributes, boolean whiteout, boolean opaque) {
    }

    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;

    private final Path dir;

    /**
     * A view of one upper directory; nothing is read until asked.
     *
     * @param dir the container's upper directory
     */
    public UpperDir(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /**
     * The upper directory.
     *
     * @return the directory, absolute and normalised
     */
    public Path dir() {
        return dir;
    }

    /**
     * Every entry below the upper directory, sorted by path, parents first; symlinks are never followed.
     *
     * @return the entries, the directory itself excluded
     * @throws IOException when the tree cannot be walked, or getfattr is not installed or fails
     */
    public List<Entry> entries() throws IOException {
        Set<String> opaque = opaqueDirs();
        List<Entry> out = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                if (!d.equals(dir)) {
                    String rel = relative(d);
                    out.add(new Entry(rel, d, attrs, false, opaque.contains(rel)));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                out.add(new Entry(relative(file), file, attrs, isWhiteout(file, attrs), false));
                return FileVisitResult.CONTINUE;
            }
        });
        out.sort(java.util.Comparator.comparing(Entry::path));
        return out;
    }

    /** True for the kernel's whiteout: a character device with device number 0/0. */
    static boolean isWhiteout(Path file, BasicFileAttributes attrs) throws IOException {
        if (!attrs.isOther()) {
            return false;
        }
        int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        long rdev = (Long) Files.getAttribute(file, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        return (mode & S_IFMT) == S_IFCHR && rdev == 0;
    }

    /**
     * Directories marked opaque, by relative path: one getfattr walk rather than a process per directory.
     *
     * @return the relative paths of the opaque directories
     * @throws IOException when getfattr (package "attr") is not installed or fails
     */
    public Set<String> opaqueDirs() throws IOException {
        Set<String> out = new HashSet<>();
        if (HostCommand.find("getfattr") == null) {
            throw new IOException("getfattr is not installed (package 'attr'); it is needed to read overlay's opaque directories");
        }
        HostCommand.Result dump = HostCommand.check(null, List.of("getfattr", "-R", "-h", "-P", "--absolute-names", "-d",
                "-m", "^trusted\\.overlay\\.opaque$", "-e", "text", dir.toString()));
        String file = null;
        for (String line : dump.stdout().split("\n")) {
            if (line.startsWith("# file: ")) {
                file = OverlayMount.unescape(line.substring("# file: ".length()));
            } else if (file != null && line.equals("trusted.overlay.opaque=\"y\"")) {
                Path p = Path.of(file);
                if (p.startsWith(dir) && !p.equals(dir)) {
                    out.add(relative(p));
                }
            }
        }
        return out;
    }

    private String relative(Path p) {
        return dir.relativize(p).toString();
    }
}
