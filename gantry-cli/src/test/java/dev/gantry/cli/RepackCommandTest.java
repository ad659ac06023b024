package dev.gantry.cli;

import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** umoci's unpack / edit / repack cycle with Gantry: the edits become one layer, deletions whiteouts. */
class RepackCommandTest {
    @TempDir
    Path work;

    private static CliRun ok(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return run;
    }

    /** A base image with nested directories, a symlink and an executable, made with `gantry image create`. */
    private String baseImage() throws IOException {
        Path base = work.resolve("base");
        write(base.resolve("etc/hello.txt"), "hello\n");
        write(base.resolve("etc/config/a.conf"), "a=1\n");
        write(base.resolve("etc/config/b.conf"), "b=2\n");
        write(base.resolve("opt/app/bin/run"), "#!/bin/sh\necho run\n");
        write(base.resolve("opt/app/lib/x.so"), "x");
        write(base.resolve("opt/app/lib/deep/y.so"), "y");
        Files.createDirectories(base.resolve("usr/bin"));
        Files.createSymbolicLink(base.resolve("usr/bin/run"), Path.of("/opt/app/bin/run"));
        String ref = "oci:" + work.resolve("layout") + ":base";
        ok("image", "create", "--layer", base + ":/", "-o", ref);
        return ref;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void repacksEditsAsOneLayerThatUnpacksToTheEditedTree() throws Exception {
        String base = baseImage();
        Path root = work.resolve("root");
        ok("unpack", base, root.toString());
        assertThat(work.resolve("root.gantry-unpack.json")).isRegularFile();
        assertThat(root.resolve("root.gantry-unpack.json")).doesNotExist();

        write(root.resolve("etc/config/c.conf"), "c=3\n");                // added
        write(root.resolve("srv/new/index.html"), "<p>new</p>\n");         // added, with new directories
        Files.writeString(root.resolve("opt/app/bin/run"), "#!/bin/sh\necho new\n"); // changed
        Files.setPosixFilePermissions(root.resolve("opt/app/bin/run"), PosixFilePermissions.fromString("rwx------"));
        Files.delete(root.resolve("etc/config/b.conf"));                   // deleted file
        deleteTree(root.resolve("opt/app/lib"));                           // deleted directory with a subdirectory
        Files.delete(root.resolve("usr/bin/run"));                         // symlink retargeted
        Files.createSymbolicLink(root.resolve("usr/bin/run"), Path.of("../../opt/app/bin/run"));
        // Same size, mtime put back: only ctime tells that the content changed.
        FileTime mtime = Files.getLastModifiedTime(root.resolve("etc/hello.txt"));
        Files.writeString(root.resolve("etc/hello.txt"), "HELLO\n");
        Files.setLastModifiedTime(root.resolve("etc/hello.txt"), mtime);

        String edited = "oci:" + work.resolve("layout") + ":edited";
        CliRun repack = ok("repack", root.toString(), "--image", edited, "-m", "edited by hand");
        assertThat(repack.stdout()).contains("-> " + edited);

        // One more layer than the base, holding exactly the edits.
        assertThat(ok("layers", edited).stdout().lines().count()).isEqualTo(ok("layers", base).stdout().lines().count() + 1);
        Map<String, Long> entries = lastLayerEntries(work.resolve("layout"), "edited");
        assertThat(entries.keySet()).contains("etc/config/c.conf", "srv/new/", "srv/new/index.html", "opt/app/bin/run",
                "etc/config/.wh.b.conf", "opt/app/.wh.lib", "usr/bin/run", "etc/hello.txt");
        assertThat(entries.keySet()).doesNotContain("etc/config/a.conf", "opt/app/lib/.wh.x.so", "opt/app/lib/deep/.wh.y.so",
                "opt/app/lib/x.so");
        assertThat(ok("history", edited).stdout()).contains("gantry repack");

        Path again = work.resolve("again");
        ok("unpack", edited, again.toString());
        assertThat(describe(again)).isEqualTo(describe(root));

        PeerTools.assumeInstalled("umoci");
        Fixtures.umoci(work, "unpack", "--image", work.resolve("layout") + ":edited", work.resolve("bundle").toString());
        assertThat(contents(work.resolve("bundle/rootfs"))).isEqualTo(contents(root));
    }

    @Test
    void refreshMakesTheNextRepackAddOnlyNewEdits() throws Exception {
        String base = baseImage();
        Path root = work.resolve("root");
        ok("unpack", base, root.toString());
        write(root.resolve("one.txt"), "1\n");
        String first = "oci:" + work.resolve("layout") + ":first";
        ok("repack", root.toString(), "--image", first, "--refresh");
        write(root.resolve("two.txt"), "2\n");
        String second = "oci:" + work.resolve("layout") + ":second";
        CliRun repack = ok("repack", root.toString(), "--image", second);

        assertThat(repack.stdout()).contains("(on " + first.replace("oci:", "oci:") + ")", "(1 added, 0 changed, 0 deleted)");
        assertThat(lastLayerEntries(work.resolve("layout"), "second").keySet()).containsExactly("two.txt");
    }

    @Test
    void aDirectoryNotMadeByUnpackIsRefusedSayingWhy() throws IOException {
        Path plain = Files.createDirectories(work.resolve("plain"));
        CliRun run = CliRun.of("repack", plain.toString(), "--image", "oci:" + work.resolve("out") + ":x");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("no record of a `gantry unpack`", "plain.gantry-unpack.json").hasLineCount(1);
    }

    @Test
    void refusesWhenTheRecordedTagNowNamesAnotherImage() throws Exception {
        String base = baseImage();
        Path root = work.resolve("root");
        ok("unpack", base, root.toString());
        ok("mutate", base, "--env", "MOVED=1", "-o", base);  // the tag moves to a new image
        CliRun run = CliRun.of("repack", root.toString(), "--image", "oci:" + work.resolve("out") + ":x");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("was unpacked from sha256:");
    }

    // ---- helpers

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The last layer's tar entries of a tagged image in a layout, with their sizes. */
    private static Map<String, Long> lastLayerEntries(Path layout, String tag) throws IOException {
        CliRun manifest = ok("manifest", "oci:" + layout + ":" + tag);
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifest.stdout());
        var layers = node.get("layers");
        String digest = layers.get(layers.size() - 1).get("digest").asText();
        Map<String, Long> entries = new TreeMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Fixtures.blob(layout, digest)));
             var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(in)) {
            for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                entries.put(e.getName(), e.getSize());
            }
        }
        return entries;
    }

    /** Every path below root with its type, mode, content (or link target) and mtime in whole seconds. */
    private static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(p -> !p.equals(root)).toList()) {
                String rel = root.relativize(p).toString();
                String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                long seconds = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() / 1000;
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "link -> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    out.put(rel, "dir " + perms + " " + seconds);
                } else {
                    out.put(rel, "file " + perms + " " + seconds + " " + Fixtures.sha256(p));
                }
            }
        }
        return out;
    }

    /** Paths with content or link target only (umoci keeps its own times and modes for directories it makes). */
    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(p -> !p.equals(root)).toList()) {
                String rel = root.relativize(p).toString();
                out.put(rel, Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
                        : Files.isDirectory(p) ? "dir" : Fixtures.sha256(p));
            }
        }
        return out;
    }
}
