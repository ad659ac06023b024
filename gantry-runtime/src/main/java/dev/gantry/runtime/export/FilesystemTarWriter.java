package dev.gantry.runtime.export;

import dev.gantry.layer.Whiteouts;
import dev.gantry.runtime.apply.RootlessOwners;
import dev.gantry.runtime.apply.Warnings;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Writes a directory tree as one tar stream, deterministically: entries depth-first with the
 * names of each directory sorted, no user/group names, whole-second mtimes, no atime/ctime,
 * POSIX (PAX) headers for long and non-ASCII names and big sizes. Files sharing an inode are
 * written once and then as hardlinks; symlinks are stored, never followed; device nodes and
 * FIFOs keep their numbers; sockets are skipped. {@code user.*} xattrs go into
 * {@code SCHILY.xattr} records (other namespaces are not readable from Java and are lost).
 */
public final class FilesystemTarWriter {
    private static final String UNIX_ATTRIBUTES = "unix:mode,uid,gid,size,ino,dev,nlink,rdev,lastModifiedTime";

    /**
     * Adjusts each entry's metadata just before it is written; builds use it to fix times,
     * owners and modes so a layer does not depend on the machine it was made on.
     */
    @FunctionalInterface
    public interface EntryPolicy {
        /** Leaves every entry as the file system has it. */
        EntryPolicy AS_IS = entry -> { };

        /**
         * Changes the entry in place (mtime, owner, mode, name) before its header is written; called once per
         * entry, directories and whiteout markers included.
         *
         * @param entry the entry about to be written, its name relative to the archive root
         */
        void apply(TarArchiveEntry entry);
    }

    private final Warnings warnings;
    private final EntryPolicy policy;
    private final Predicate<Path> excluded;
    private final Map<String, String> firstPathOfInode = new HashMap<>();
    /** Non-null when the tree is an overlayfs upper directory: its opaque directories, by relative path. */
    private Set<String> overlayOpaqueDirs;

    /**
     * A writer that keeps each file's own metadata.
     *
     * @param warnings collects what cannot be exported (sockets, binary xattrs)
     */
    public FilesystemTarWriter(Warnings warnings) {
        this(warnings, EntryPolicy.AS_IS);
    }

    /**
     * A writer whose entries pass through {@code policy}.
     *
     * @param warnings collects what cannot be exported (sockets, binary xattrs)
     * @param policy   adjusts each entry before it is written
     */
    public FilesystemTarWriter(Warnings warnings, EntryPolicy policy) {
        this(warnings, policy, path -> false);
    }

    /**
     * A writer that leaves some source paths out.
     *
     * @param warnings collects what cannot be exported (sockets, binary xattrs)
     * @param policy   adjusts each entry before it is written
     * @param excluded source paths left out, with everything below them (a build's .dockerignore)
     */
    public FilesystemTarWriter(Warnings warnings, EntryPolicy policy, Predicate<Path> excluded) {
        this.warnings = warnings;
        this.policy = policy;
        this.excluded = excluded;
    }

    /**
     * A writer for an overlayfs upper directory, which turns the kernel's markers into the image-spec's: a 0/0
     * character device NAME becomes an empty {@code .wh.NAME}, and each directory of {@code opaqueDirs} (marked
     * {@code trusted.overlay.opaque=y}) is followed by its {@code .wh..wh..opq}.
     *
     * @param warnings   collects what cannot be exported
     * @param policy     adjusts each entry before it is written
     * @param opaqueDirs the upper directory's opaque directories, relative to it (see
     *                   {@link dev.gantry.runtime.container.UpperDir#opaqueDirs()})
     * @return a writer that emits layer whiteouts
     */
    public static FilesystemTarWriter forOverlayUpper(Warnings warnings, EntryPolicy policy, Set<String> opaqueDirs) {
        FilesystemTarWriter writer = new FilesystemTarWriter(warnings, policy);
        writer.overlayOpaqueDirs = Set.copyOf(opaqueDirs);
        return writer;
    }

    /**
     * Writes the tree below {@code root} (not the root itself) and finishes the archive; {@code out} stays
     * open.
     *
     * @param root the directory whose contents become the archive's root
     * @param out  receives the tar; flushed, not closed
     * @throws IOException when a file cannot be read or {@code out} fails
     */
    public void write(Path root, OutputStream out) throws IOException {
        write(root, "", out);
    }

    /**
     * Writes {@code source} at {@code destination} and finishes the archive: a directory's contents go below
     * it, a file becomes it. The destination's parents come first as 0755 directories with mtime 0.
     *
     * @param source      a file or directory
     * @param destination a relative path like {@code app/lib}, or "" for the archive's root
     * @param out         receives the tar; flushed, not closed
     * @throws IOException when a file cannot be read or {@code out} fails
     */
    public void write(Path source, String destination, OutputStream out) throws IOException {
        write(List.of(new Placement(source, destination)), out);
    }

    /**
     * A file or directory and where it goes in the archive.
     *
     * @param source      the file or directory on this machine
     * @param destination a relative path in the archive without a trailing slash, or "" for its root (then a
     *                    directory's contents go there)
     */
    public record Placement(Path source, String destination) {
    }

    /**
     * Writes several placements, in order, into one archive and finishes it; a parent directory is written
     * once, however many placements share it.
     *
     * @param placements what goes where
     * @param out        receives the tar; flushed, not closed
     * @throws IOException when a file cannot be read or {@code out} fails
     */
    public void write(List<Placement> placements, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        Set<String> parents = new HashSet<>();
        for (Placement placement : placements) {
            String destination = placement.destination();
            if (destination.isEmpty()) {
                walk(placement.source(), "", tar);
                continue;
            }
            String[] parts = destination.split("/");
            StringBuilder parent = new StringBuilder();
            for (int i = 0; i < parts.length - 1; i++) {
                parent.append(parts[i]).append('/');
                if (parents.add(parent.toString())) {
                    TarArchiveEntry dir = new TarArchiveEntry(parent.toString(), TarConstants.LF_DIR, true);
                    dir.setMode(0755);
                    dir.setModTime(0);
                    put(dir, tar);
                    tar.closeArchiveEntry();
                }
            }
            if (writeEntry(placement.source(), destination, tar)) {
                walk(placement.source(), destination + "/", tar);
            }
        }
        tar.finish();
        tar.flush();
    }

    /**
     * Writes only some entries of the tree below {@code root}, and whiteouts for paths that are gone,
     * and finishes the archive: the layer of a repack, holding what changed since an unpack. Entries
     * keep the tree's order (each directory's names sorted), a whiteout {@code .wh.NAME} comes in its
     * directory before that directory's other entries. Directories are descended into only where
     * something below them is written.
     *
     * @param root     the directory whose contents are the archive's root
     * @param changed  paths relative to {@code root} whose entries are written (a directory alone, not its contents)
     * @param deleted  paths relative to {@code root} that a {@code .wh.} entry deletes; their parent must exist
     * @param out      receives the tar; flushed, not closed
     * @throws IOException when a file cannot be read or {@code out} fails
     */
    public void writeChanges(Path root, Set<String> changed, Set<String> deleted, OutputStream out) throws IOException {
        Map<String, List<String>> whiteouts = new HashMap<>();
        Set<String> needed = new HashSet<>();
        for (String path : deleted) {
            int slash = path.lastIndexOf('/');
            whiteouts.computeIfAbsent(slash < 0 ? "" : path.substring(0, slash), k -> new ArrayList<>()).add(path);
            addAncestors(path, needed);
        }
        for (String path : changed) {
            addAncestors(path, needed);
        }
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        walkChanges(root, "", changed, needed, whiteouts, tar);
        tar.finish();
        tar.flush();
    }

    private static void addAncestors(String path, Set<String> into) {
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            into.add(path.substring(0, slash));
        }
        into.add("");
    }

    private void walkChanges(Path dir, String rel, Set<String> changed, Set<String> needed, Map<String, List<String>> whiteouts,
                             TarArchiveOutputStream tar) throws IOException {
        List<String> gone = whiteouts.getOrDefault(rel, List.of());
        if (!gone.isEmpty()) {
            Map<String, Object> a = Files.readAttributes(dir, UNIX_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            for (String path : gone.stream().sorted().toList()) {
                marker(Whiteouts.whiteoutFor(path), a, tar);
            }
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                names.add(child.getFileName().toString());
            }
        }
        Collections.sort(names);
        for (String name : names) {
            String child = rel.isEmpty() ? name : rel + "/" + name;
            Path path = dir.resolve(name);
            boolean directory = false;
            if (changed.contains(child)) {
                directory = writeEntry(path, child, tar);
            } else if (needed.contains(child)) {
                directory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
            }
            if (directory && needed.contains(child)) {
                walkChanges(path, child, changed, needed, whiteouts, tar);
            }
        }
    }

    private void walk(Path dir, String prefix, TarArchiveOutputStream tar) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                names.add(child.getFileName().toString());
            }
        }
        Collections.sort(names);
        for (String name : names) {
            Path path = dir.resolve(name);
            String rel = prefix + name;
            if (excluded.test(path)) {
                continue;
            }
            if (writeEntry(path, rel, tar)) {
                walk(path, rel + "/", tar);
            }
        }
    }

    /** Writes one entry; true when it is a directory to descend into. */
    private boolean writeEntry(Path path, String rel, TarArchiveOutputStream tar) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, UNIX_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        int type = mode & 0170000;
        TarArchiveEntry entry;
        boolean directory = false;
        boolean regular = false;
        switch (type) {
            case 0040000 -> {
                entry = new TarArchiveEntry(rel + "/", TarConstants.LF_DIR, true);
                directory = true;
            }
            case 0120000 -> {
                entry = new TarArchiveEntry(rel, TarConstants.LF_SYMLINK, true);
                entry.setLinkName(Files.readSymbolicLink(path).toString());
            }
            case 0100000 -> {
                String inode = a.get("dev") + ":" + a.get("ino");
                String first = (Integer) a.get("nlink") > 1 ? firstPathOfInode.putIfAbsent(inode, rel) : null;
                if (first != null) {
                    entry = new TarArchiveEntry(rel, TarConstants.LF_LINK, true);
                    entry.setLinkName(first);
                } else {
                    entry = new TarArchiveEntry(rel, TarConstants.LF_NORMAL, true);
                    entry.setSize((Long) a.get("size"));
                    regular = true;
                }
            }
            case 0020000, 0060000 -> {
                long rdev = (Long) a.get("rdev");
                if (overlayOpaqueDirs != null && type == 0020000 && rdev == 0) {
                    marker(Whiteouts.whiteoutFor(rel), a, tar);
                    return false;
                }
                entry = new TarArchiveEntry(rel, type == 0020000 ? TarConstants.LF_CHR : TarConstants.LF_BLK, true);
                entry.setDevMajor((int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL)));
                entry.setDevMinor((int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL)));
            }
            case 0010000 -> entry = new TarArchiveEntry(rel, TarConstants.LF_FIFO, true);
            default -> {
                warnings.add("socket or unknown file type not exported", rel);
                return false;
            }
        }
        entry.setMode(mode & 07777);
        entry.setIds((Integer) a.get("uid"), (Integer) a.get("gid"));
        if (directory || regular) {
            // Unpacked without root: the image's owners were recorded, not applied.
            RootlessOwners.read(path).ifPresent(owner -> entry.setIds(owner.uid(), owner.gid()));
        }
        long seconds = ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis() / 1000;
        entry.setModTime(seconds * 1000);
        if (directory || regular) {
            addUserXattrs(path, rel, entry);
        }
        put(entry, tar);
        if (regular) {
            try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                in.transferTo(tar);
            }
        }
        tar.closeArchiveEntry();
        if (directory && overlayOpaqueDirs != null && overlayOpaqueDirs.contains(rel)) {
            marker(Whiteouts.opaqueMarkerIn(rel), a, tar);
        }
        return directory;
    }

    /** An empty whiteout entry (mode 0, root-owned, the marker's mtime), as Docker writes them. */
    private void marker(String name, Map<String, Object> a, TarArchiveOutputStream tar) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        entry.setMode(0);
        entry.setIds(0, 0);
        entry.setModTime(((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis() / 1000 * 1000);
        put(entry, tar);
        tar.closeArchiveEntry();
    }

    private void put(TarArchiveEntry entry, TarArchiveOutputStream tar) throws IOException {
        entry.setUserName("");
        entry.setGroupName("");
        policy.apply(entry);
        tar.putArchiveEntry(entry);
    }

    private void addUserXattrs(Path path, String rel, TarArchiveEntry entry) {
        try {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            List<String> names = new ArrayList<>(view.list());
            Collections.sort(names);
            for (String name : names) {
                if (name.equals(RootlessOwners.XATTR)) {
                    continue; // Gantry's own record of owners, exported as the entry's owner, not as an xattr
                }
                ByteBuffer value = ByteBuffer.allocate(view.size(name));
                view.read(name, value);
                value.flip();
                try {
                    // The library writes PAX values as UTF-8 text; binary values cannot pass through it.
                    String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .decode(value).toString();
                    entry.addPaxHeader("SCHILY.xattr.user." + name, text);
                } catch (CharacterCodingException binary) {
                    warnings.add("binary xattr user." + name + " not exported", rel);
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // file system without user xattrs: nothing to export
        }
    }
}
