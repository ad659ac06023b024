package dev.gantry.runtime.apply;

import dev.gantry.image.Layer;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.runtime.testing.TestImages;
import dev.gantry.runtime.testing.TreeListing;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Layers written by umoci (real {@code .wh.} whiteouts and opaque directories from deleting
 * and recreating), unpacked by Gantry and by {@code umoci unpack}: the two trees must match
 * entry by entry (type, mode, owner, size, content hash, link target).
 */
class UmociComparisonTest {
    @TempDir
    static Path work;
    static Path layout;

    @BeforeAll
    static void buildImageWithUmoci() throws Exception {
        PeerTools.assumeInstalled("umoci");
        layout = work.resolve("layout");
        Path bundle = work.resolve("bundle");
        String image = layout + ":" + TestImages.TAG;
        Fixtures.umoci(work, "init", "--layout", layout.toString());
        Fixtures.umoci(work, "new", "--image", image);
        Fixtures.umoci(work, "unpack", "--image", image, bundle.toString());
        Path rootfs = bundle.resolve("rootfs");

        // Layer 1: a little of everything.
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/hello"), "hello\n");
        Files.writeString(rootfs.resolve("etc/bye"), "bye\n");
        Files.createDirectories(rootfs.resolve("data/sub/deeper"));
        Files.writeString(rootfs.resolve("data/sub/x"), "x\n");
        Files.writeString(rootfs.resolve("data/sub/deeper/y"), "y\n");
        Files.createDirectories(rootfs.resolve("usr/lib"));
        Files.writeString(rootfs.resolve("usr/lib/libx.so"), "elf?\n");
        Files.createLink(rootfs.resolve("usr/lib/libx.so.1"), rootfs.resolve("usr/lib/libx.so"));
        Files.createSymbolicLink(rootfs.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(rootfs.resolve("dangling"), Path.of("/nowhere/at/all"));
        Files.createDirectories(rootfs.resolve("bin"));
        Files.writeString(rootfs.resolve("bin/tool"), "#!/bin/sh\necho tool\n");
        Files.setAttribute(rootfs.resolve("bin/tool"), "unix:mode", 04755);
        Files.createDirectories(rootfs.resolve("private"));
        Files.setAttribute(rootfs.resolve("private"), "unix:mode", 0700);
        Files.createDirectories(rootfs.resolve("tmp"));
        Files.setAttribute(rootfs.resolve("tmp"), "unix:mode", 01777);
        Files.writeString(rootfs.resolve("swap-to-dir"), "file for now\n");
        Files.createDirectories(rootfs.resolve("swap-to-file/inner"));
        Files.writeString(rootfs.resolve("swap-to-file/inner/z"), "z\n");
        Files.createDirectories(rootfs.resolve("recreated"));
        Files.writeString(rootfs.resolve("recreated/old-1"), "old\n");
        Files.writeString(rootfs.resolve("recreated/old-2"), "old\n");
        if (PeerTools.isRoot()) {
            Files.writeString(rootfs.resolve("owned"), "owned\n");
            Files.setAttribute(rootfs.resolve("owned"), "unix:uid", 1000);
            Files.setAttribute(rootfs.resolve("owned"), "unix:gid", 2000);
            PeerTools.run(rootfs, "mkfifo", "fifo");
        }
        Fixtures.umoci(work, "repack", "--refresh-bundle", "--image", image, bundle.toString());

        // Layer 2: deletions (file, directory tree), type swaps, a deleted-and-recreated directory.
        Files.delete(rootfs.resolve("etc/bye"));
        deleteTree(rootfs.resolve("data"));
        Files.writeString(rootfs.resolve("etc/hello"), "hello again\n");
        Files.delete(rootfs.resolve("swap-to-dir"));
        Files.createDirectories(rootfs.resolve("swap-to-dir"));
        Files.writeString(rootfs.resolve("swap-to-dir/now"), "a directory\n");
        deleteTree(rootfs.resolve("swap-to-file"));
        Files.writeString(rootfs.resolve("swap-to-file"), "now a file\n");
        deleteTree(rootfs.resolve("recreated"));
        Files.createDirectories(rootfs.resolve("recreated"));
        Files.writeString(rootfs.resolve("recreated/new"), "new\n");
        Files.setAttribute(rootfs.resolve("private"), "unix:mode", 0750);
        Fixtures.umoci(work, "repack", "--refresh-bundle", "--image", image, bundle.toString());

        // Layer 3: a new hardlink to a file of layer 1, and a symlink retargeted.
        Files.createLink(rootfs.resolve("etc/hello-link"), rootfs.resolve("etc/hello"));
        Files.delete(rootfs.resolve("lib"));
        Files.createSymbolicLink(rootfs.resolve("lib"), Path.of("/usr/lib"));
        Fixtures.umoci(work, "repack", "--image", image, bundle.toString());
    }

    private static void deleteTree(Path p) throws IOException {
        Trees.deleteRecursively(p);
    }

    @Test
    void theFixtureReallyHasWhiteouts() throws Exception {
        List<String> names = allLayerEntryNames(layout);
        System.out.println("umoci layer entries: " + names);
        assertThat(names).anyMatch(n -> n.contains(".wh."));
        assertThat(names).anyMatch(n -> n.endsWith("etc/.wh.bye"));
    }

    @Test
    void gantryUnpacksExactlyWhatUmociUnpacks() throws Exception {
        Path ours = work.resolve("gantry-root");
        try (TestImages.Opened opened = TestImages.open(layout)) {
            new ImageUnpacker(ExpansionLimits.defaults(), new Warnings(null)).unpack(opened.image(), ours);
        }
        Path theirs = work.resolve("umoci-bundle");
        Fixtures.umoci(work, "unpack", "--image", layout + ":" + TestImages.TAG, theirs.toString());
        Map<String, String> expected = TreeListing.describe(theirs.resolve("rootfs"));
        Map<String, String> actual = TreeListing.describe(ours);
        assertThat(actual).containsExactlyEntriesOf(expected);
        assertThat(actual).containsKeys("swap-to-dir/now", "swap-to-file", "recreated/new", "etc/hello-link")
                .doesNotContainKeys("etc/bye", "data", "recreated/old-1");
        assertThat(Files.getAttribute(ours.resolve("etc/hello-link"), "unix:ino"))
                .isEqualTo(Files.getAttribute(ours.resolve("etc/hello"), "unix:ino"));
    }

    @Test
    void opaqueDirectoriesAddedWithUmociRawAddLayerUnpackLikeUmoci() throws Exception {
        Path opaqueLayout = work.resolve("opaque-layout");
        PeerTools.run(work, "cp", "-a", layout.toString(), opaqueLayout.toString());
        // umoci itself writes per-file whiteouts; this layer, in umoci's own image, carries
        // opaque markers before and after their siblings, at the top and below.
        Path tar = work.resolve("opaque.tar");
        Files.write(tar, new dev.gantry.runtime.testing.TarBuilder()
                .dir("recreated").opaque("recreated").file("recreated/after-opaque", "fresh\n")
                .dir("usr").dir("usr/lib").file("usr/lib/kept-from-this-layer", "k\n").opaque("usr/lib")
                .build());
        Fixtures.umoci(work, "raw", "add-layer", "--image", opaqueLayout + ":" + TestImages.TAG, tar.toString());
        Path ours = work.resolve("opaque-gantry");
        try (TestImages.Opened opened = TestImages.open(opaqueLayout)) {
            new ImageUnpacker(ExpansionLimits.defaults(), new Warnings(null)).unpack(opened.image(), ours);
        }
        Path theirs = work.resolve("opaque-umoci");
        Fixtures.umoci(work, "unpack", "--image", opaqueLayout + ":" + TestImages.TAG, theirs.toString());
        Map<String, String> actual = TreeListing.describe(ours);
        assertThat(actual).containsExactlyEntriesOf(TreeListing.describe(theirs.resolve("rootfs")));
        assertThat(actual).containsKeys("recreated/after-opaque", "usr/lib/kept-from-this-layer")
                .doesNotContainKeys("recreated/new", "usr/lib/libx.so");
    }

    @Test
    void skopeoRecompressedToZstdUnpacksTheSame() throws Exception {
        PeerTools.assumeInstalled("skopeo");
        Path zstd = work.resolve("zstd-layout");
        Fixtures.skopeo(work, "copy", "--dest-compress-format", "zstd", "oci:" + layout + ":" + TestImages.TAG,
                "oci:" + zstd + ":" + TestImages.TAG);
        Path viaZstd = work.resolve("zstd-root");
        Path viaGzip = work.resolve("gzip-root");
        try (TestImages.Opened a = TestImages.open(zstd); TestImages.Opened b = TestImages.open(layout)) {
            assertThat(a.image().layers()).extracting(Layer::mediaType).allMatch(type -> type.endsWith("zstd"));
            new ImageUnpacker(ExpansionLimits.defaults(), new Warnings(null)).unpack(a.image(), viaZstd);
            new ImageUnpacker(ExpansionLimits.defaults(), new Warnings(null)).unpack(b.image(), viaGzip);
        }
        assertThat(TreeListing.describe(viaZstd)).containsExactlyEntriesOf(TreeListing.describe(viaGzip));
    }

    static List<String> allLayerEntryNames(Path layout) throws IOException {
        List<String> names = new ArrayList<>();
        try (TestImages.Opened opened = TestImages.open(layout)) {
            for (var layer : opened.image().layers()) {
                try (InputStream in = layer.openUncompressed(); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                    for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                        names.add(e.getName());
                    }
                }
            }
        }
        return names;
    }

    static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.count();
        }
    }
}
