package dev.gantry.runtime.apply;

import dev.gantry.layer.ExpansionLimits;
import dev.gantry.runtime.testing.TarBuilder;
import dev.gantry.runtime.testing.TestImages;
import dev.gantry.testing.PeerRequirement;
import dev.gantry.testing.PeerTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Map;

import static dev.gantry.runtime.testing.TestImages.gzip;
import static org.assertj.core.api.Assertions.assertThat;

class LayerApplierTest {
    @TempDir
    Path work;

    private final UnpackSupport support = new UnpackSupport();

    private Path root() {
        return work.resolve("root");
    }

    @Test
    void whiteoutRemovesAFileAndADirectoryOfALowerLayer() throws Exception {
        support.unpack(work,
                gzip(new TarBuilder().dir("etc").file("etc/a", "a").file("etc/b", "b").dir("data").dir("data/sub")
                        .file("data/sub/x", "x").build()),
                gzip(new TarBuilder().whiteout("etc", "b").whiteout("", "data").build()));
        assertThat(root().resolve("etc/a")).hasContent("a");
        assertThat(root().resolve("etc/b")).doesNotExist();
        assertThat(root().resolve("data")).doesNotExist();
        assertThat(root().resolve("etc/.wh.b")).doesNotExist();
    }

    @Test
    void whiteoutDoesNotRemoveWhatItsOwnLayerWrote() throws Exception {
        support.unpack(work,
                gzip(new TarBuilder().file("a", "lower").build()),
                gzip(new TarBuilder().file("a", "upper").whiteout("", "a").build()));
        assertThat(root().resolve("a")).hasContent("upper");
    }

    @Test
    void opaqueWhiteoutHidesLowerContentButKeepsSameLayerEntriesWhateverTheOrder() throws Exception {
        support.unpack(work,
                gzip(new TarBuilder().dir("a").dir("a/b").dir("a/b/c").file("a/b/c/bar", "bar").file("a/keep", "old").build()),
                // the marker comes after its siblings: it must still apply to lower content only
                gzip(new TarBuilder().dir("a").dir("a/b").dir("a/b/c").file("a/b/c/foo", "foo").opaque("a").build()));
        assertThat(root().resolve("a/b/c/foo")).hasContent("foo");
        assertThat(root().resolve("a/b/c/bar")).doesNotExist();
        assertThat(root().resolve("a/keep")).doesNotExist();
        assertThat(root().resolve("a/.wh..wh..opq")).doesNotExist();
    }

    @Test
    void opaqueWhiteoutBeforeSiblingsEmptiesTheDirectoryThenRefillsIt() throws Exception {
        support.unpack(work,
                gzip(new TarBuilder().dir("bin").file("bin/old", "old").build()),
                gzip(new TarBuilder().dir("bin").opaque("bin").file("bin/new", "new").build()));
        assertThat(root().resolve("bin")).isDirectory();
        assertThat(Files.list(root().resolve("bin")).map(p -> p.getFileName().toString())).containsExactly("new");
    }

    @Test
    void fileReplacesADirectoryAndDirectoryReplacesAFile() throws Exception {
        support.unpack(work,
                gzip(new TarBuilder().dir("x").file("x/inner", "i").file("y", "file").build()),
                gzip(new TarBuilder().file("x", "now a file").dir("y").file("y/inner", "now a dir").build()));
        assertThat(root().resolve("x")).isRegularFile().hasContent("now a file");
        assertThat(root().resolve("y")).isDirectory();
        assertThat(root().resolve("y/inner")).hasContent("now a dir");
    }

    @Test
    void directoryOverDirectoryKeepsLowerChildrenAndTakesTheNewMode() throws Exception {
        support.unpack(work,
                gzip(new TarBuilder().dir("d", 0755).file("d/lower", "l").build()),
                gzip(new TarBuilder().dir("d", 0700).file("d/upper", "u").build()));
        assertThat(root().resolve("d/lower")).hasContent("l");
        assertThat(root().resolve("d/upper")).hasContent("u");
        assertThat(Files.getAttribute(root().resolve("d"), "unix:mode")).isEqualTo(040700);
    }

    @Test
    void hardlinkToAFileOfALowerLayerSharesItsInode() throws Exception {
        support.unpack(work,
                gzip(new TarBuilder().dir("bin").file("bin/busybox", "bb").build()),
                gzip(new TarBuilder().hardlink("bin/sh", "bin/busybox").hardlink("/bin/ls", "/bin/busybox").build()));
        Object inode = Files.getAttribute(root().resolve("bin/busybox"), "unix:ino");
        assertThat(Files.getAttribute(root().resolve("bin/sh"), "unix:ino")).isEqualTo(inode);
        assertThat(Files.getAttribute(root().resolve("bin/ls"), "unix:ino")).isEqualTo(inode);
    }

    @Test
    void symlinksAreWrittenVerbatimAndNeverFollowed() throws Exception {
        support.unpack(work,
                gzip(new TarBuilder().symlink("abs", "/etc/passwd").symlink("rel", "../../../outside").build()));
        assertThat(Files.readSymbolicLink(root().resolve("abs"))).hasToString("/etc/passwd");
        assertThat(Files.readSymbolicLink(root().resolve("rel"))).hasToString("../../../outside");
    }

    @Test
    void modesIncludingSetuidOwnersAndTimesAreApplied() throws Exception {
        PeerTools.assumeRoot("owners need root");
        org.apache.commons.compress.archivers.tar.TarArchiveEntry e =
                new org.apache.commons.compress.archivers.tar.TarArchiveEntry("suid");
        e.setMode(04755);
        e.setIds(1234, 5678);
        e.setSize(1);
        support.unpack(work, gzip(new TarBuilder().add(e, new byte[] {'x'}).dir("d", 01777).build()));
        Path suid = root().resolve("suid");
        assertThat(Files.getAttribute(suid, "unix:mode")).isEqualTo(0104755);
        assertThat(Files.getAttribute(suid, "unix:uid")).isEqualTo(1234);
        assertThat(Files.getAttribute(suid, "unix:gid")).isEqualTo(5678);
        assertThat(Files.getLastModifiedTime(suid)).isEqualTo(FileTime.from(TarBuilder.MTIME));
        assertThat(Files.getAttribute(root().resolve("d"), "unix:mode")).isEqualTo(041777);
        assertThat(Files.getLastModifiedTime(root().resolve("d"))).isEqualTo(FileTime.from(TarBuilder.MTIME));
    }

    @Test
    void binaryXattrsFromPaxRecordsKeepTheirExactBytes() throws Exception {
        byte[] value = {1, 0, (byte) 0xff, (byte) 0x80, 0x7f};
        support.unpack(work, gzip(new TarBuilder().fileWithRawPax("f", "x", Map.of("SCHILY.xattr.user.gantry", value)).build()));
        UserDefinedFileAttributeView view = Files.getFileAttributeView(root().resolve("f"), UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        PeerRequirement.require(support.warnings.summary().stream().noneMatch(w -> w.contains("user.gantry")),
                "the file system of " + work + " refuses user xattrs: " + support.warnings.summary());
        ByteBuffer read = ByteBuffer.allocate(view.size("gantry"));
        view.read("gantry", read);
        assertThat(read.array()).containsExactly(value);
    }

    @Test
    void securityCapabilityXattrsAreAppliedAsRootWithSetfattr() throws Exception {
        PeerTools.assumeRoot("security.capability is set only as root");
        PeerTools.assumeInstalled("setfattr", "getfattr");
        // cap_net_raw+ep, as ping carries it (VFS_CAP_REVISION_2, 20 bytes).
        byte[] capability = java.util.HexFormat.of().parseHex("0000000201200000000000000000000000000000");
        support.unpack(work, gzip(new TarBuilder().fileWithRawPax("ping", "elf", Map.of("SCHILY.xattr.security.capability",
                capability)).build()));
        String dump = PeerTools.run(null, "getfattr", "-e", "hex", "-n", "security.capability",
                root().resolve("ping").toString()).stdout();
        assertThat(dump).contains("security.capability=0x" + java.util.HexFormat.of().formatHex(capability));
    }

    @Test
    void zstdAndUncompressedLayersApplyLikeGzipOnes() throws Exception {
        support.unpack(work,
                TestImages.zstd(new TarBuilder().file("z", "zstd").build()),
                TestImages.plain(new TarBuilder().file("p", "plain").build()));
        assertThat(root().resolve("z")).hasContent("zstd");
        assertThat(root().resolve("p")).hasContent("plain");
    }

    @Test
    void fifosAndDeviceNodesAreCreatedAsRoot() throws Exception {
        PeerTools.assumeRoot("device nodes are created only as root");
        support.unpack(work, gzip(new TarBuilder().fifo("pipe").charDevice("null", 1, 3).build()));
        assertThat(Files.getAttribute(root().resolve("pipe"), "unix:mode")).isEqualTo(010600);
        assertThat(Files.getAttribute(root().resolve("null"), "unix:mode")).isEqualTo(020666);
        assertThat(Files.getAttribute(root().resolve("null"), "unix:rdev")).isEqualTo(0x103L);
    }

    @Test
    void deviceNodesAreSkippedWithAWarningWhenNotRoot() throws Exception {
        Path dir = Files.createDirectory(work.resolve("plain"));
        LayerApplier applier = new LayerApplier(new SafeRoot(dir), ExpansionLimits.defaults(), support.warnings, false);
        applier.applyTar(new java.io.ByteArrayInputStream(new TarBuilder().charDevice("null", 1, 3).file("f", "x").build()),
                new EntryContext(dev.gantry.digest.Digest.sha256(new byte[0]), 0), Long.MAX_VALUE);
        assertThat(dir.resolve("null")).doesNotExist();
        assertThat(dir.resolve("f")).hasContent("x");
        assertThat(support.warnings.summary()).anyMatch(w -> w.startsWith("device node skipped (not running as root)"));
    }

    @Test
    void unpackRefusesANonEmptyTarget() throws Exception {
        Files.createDirectories(root());
        Files.writeString(root().resolve("existing"), "x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> support.unpack(work, gzip(new TarBuilder().file("a", "a").build())))
                .hasMessageContaining("is not empty");
    }
}
