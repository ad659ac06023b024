package dev.gantry.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gantry.digest.Digest;
import dev.gantry.error.GantryException;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.runtime.apply.EntryContext;
import dev.gantry.runtime.apply.LayerApplier;
import dev.gantry.runtime.apply.SafeRoot;
import dev.gantry.runtime.apply.Warnings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tar layers applied into a root that already holds a lower layer full of traps: symlinks out of
 * the root (relative, absolute, to its parent), a symlink and a hard link to a file of the root.
 * The invariant, checked after every input whatever it did: nothing outside the root was created,
 * modified, chmod-ed, chown-ed or linked (every file, directory and symlink beside and above the
 * root keeps its type, size, mode, owner, times, link count and bytes), and no file that existed
 * before the layer was written through (a pre-existing inode keeps its bytes, mode and times;
 * an entry may only replace it). Failing with a typed error is fine; an untyped one is a finding.
 * Runs as whoever runs the tests; as root it also creates device nodes, FIFOs and owners.
 * Seeds: umoci's two layers (one with whiteouts) and GNU tar layers with symlinks out, a FIFO,
 * hard links, GNU and PAX long names, xattrs and an opaque whiteout.
 */
class LayerApplyFuzzTest {
    private static final Digest LAYER = Digest.sha256(new byte[0]);
    private static Path scratch;

    @BeforeAll
    static void makeScratch() throws IOException {
        scratch = Files.createTempDirectory("gantry-fuzz-apply-");
    }

    @AfterAll
    static void removeScratch() {
        FuzzFiles.deleteTree(scratch);
    }

    @FuzzTest
    void applyLayer(byte[] tar) throws IOException {
        Path base = Files.createTempDirectory(scratch, "in-");
        try {
            Path root = plantTraps(base);
            Map<String, String> outside = snapshot(base, root);
            Map<Object, String> lowerFiles = regularFilesByInode(root);
            // An open descriptor keeps the lower file's inode allocated, so a file the layer creates
            // cannot reuse its number and pass for it.
            try (FileChannel lower = FileChannel.open(root.resolve("etc/passwd"))) {
                apply(root, tar);
                assertThat(snapshot(base, root)).as("everything outside the root").isEqualTo(outside);
                assertThat(Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)).as("the root is still a directory").isTrue();
                Map<Object, String> after = regularFilesByInode(root);
                lowerFiles.forEach((inode, state) -> {
                    if (after.containsKey(inode)) {
                        assertThat(after.get(inode)).as("a file of the lower layer, written through").isEqualTo(state);
                    }
                });
            }
        } finally {
            FuzzFiles.deleteTree(base);
        }
    }

    /** Applies one layer as `gantry unpack` would; refusing it is fine, whatever it did before is checked all the same. */
    private static void apply(Path root, byte[] tar) {
        try {
            LayerApplier applier = new LayerApplier(new SafeRoot(root), ExpansionLimits.defaults(), new Warnings(null));
            applier.applyTar(new ByteArrayInputStream(tar), new EntryContext(LAYER, 0), ExpansionLimits.defaults().budget(tar.length));
            applier.finish();
        } catch (GantryException | IOException | UncheckedIOException refused) {
            // a typed refusal, or the file system's
        }
    }

    /**
     * base/top.txt, base/a/outside/{secret.txt,dir/}, base/a/b/sibling.txt and the root
     * base/a/b/root holding: escape -> ../../outside, abs -> base/a/outside (absolute),
     * up -> .., etc/passwd, passwd-link -> etc/passwd, hard (a hard link to etc/passwd).
     */
    private static Path plantTraps(Path base) throws IOException {
        Files.writeString(base.resolve("top.txt"), "top");
        Path outside = Files.createDirectories(base.resolve("a/outside/dir"));
        Files.writeString(outside.getParent().resolve("secret.txt"), "secret");
        Path b = Files.createDirectories(base.resolve("a/b"));
        Files.writeString(b.resolve("sibling.txt"), "sibling");
        Path root = Files.createDirectory(b.resolve("root"));
        Files.createSymbolicLink(root.resolve("escape"), Path.of("../../outside"));
        Files.createSymbolicLink(root.resolve("abs"), outside.getParent().toAbsolutePath());
        Files.createSymbolicLink(root.resolve("up"), Path.of(".."));
        Path passwd = Files.writeString(Files.createDirectory(root.resolve("etc")).resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.createSymbolicLink(root.resolve("passwd-link"), Path.of("etc/passwd"));
        Files.createLink(root.resolve("hard"), passwd);
        return root;
    }

    /** Every path under {@code base} but inside {@code root}, with all that a write, chmod, chown or link changes. */
    private static Map<String, String> snapshot(Path base, Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Files.walkFileTree(base, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(root)) {
                    out.put(base.relativize(dir).toString(), "the root");
                    return FileVisitResult.SKIP_SUBTREE;
                }
                out.put(base.relativize(dir).toString(), describe(dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                out.put(base.relativize(file).toString(), describe(file));
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    private static String describe(Path p) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Map<String, Object> unix = Files.readAttributes(p, "unix:nlink,ctime,ino", LinkOption.NOFOLLOW_LINKS);
        StringBuilder s = new StringBuilder()
                .append(a.isDirectory() ? "dir" : a.isSymbolicLink() ? "symlink" : a.isRegularFile() ? "file" : "other")
                .append(" mode=").append(PosixFilePermissions.toString(a.permissions()))
                .append(" owner=").append(a.owner().getName()).append(':').append(a.group().getName())
                .append(" size=").append(a.size())
                .append(" mtime=").append(a.lastModifiedTime())
                .append(" ctime=").append(unix.get("ctime"))
                .append(" nlink=").append(unix.get("nlink"))
                .append(" ino=").append(unix.get("ino"));
        if (a.isSymbolicLink()) {
            s.append(" -> ").append(Files.readSymbolicLink(p));
        } else if (a.isRegularFile()) {
            s.append(" sha256=").append(sha256(p));
        }
        return s.toString();
    }

    /**
     * The regular files under {@code root} by inode, each with its bytes, mode and modification
     * time. Directories are made readable on the way (an input may leave them 000), which is
     * the root's business only.
     */
    private static Map<Object, String> regularFilesByInode(Path root) throws IOException {
        Map<Object, String> out = new HashMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && attrs.fileKey() != null) {
                    PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    out.put(a.fileKey(), "mode=" + PosixFilePermissions.toString(a.permissions()) + " mtime=" + a.lastModifiedTime()
                            + " sha256=" + sha256(file));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    /** The digest of a file's bytes, read even when its mode denies reading (the fuzzer sets any mode). */
    private static Digest sha256(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            return null;
        }
        return Digest.sha256(Files.readAllBytes(file));
    }
}
