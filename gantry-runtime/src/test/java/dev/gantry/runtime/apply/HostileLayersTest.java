package dev.gantry.runtime.apply;

import dev.gantry.digest.Digest;
import dev.gantry.error.LimitExceededException;
import dev.gantry.oci.MediaTypes;
import dev.gantry.runtime.testing.GzipBomb;
import dev.gantry.runtime.testing.TarBuilder;
import dev.gantry.runtime.testing.TestImages;
import dev.gantry.runtime.testing.TestImages.LayerBlob;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static dev.gantry.runtime.testing.TestImages.gzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A catalogue of hostile layers. Each must end in a clear error naming the layer and entry, or
 * in a safe result; never in a write outside the root (a sentinel beside it is checked after
 * every test), and never in a target directory that looks complete after a failure.
 */
class HostileLayersTest {
    private static final String SENTINEL_TEXT = "do not touch";

    @TempDir
    Path work;

    private Path outside;
    private Path sentinel;
    private final UnpackSupport support = new UnpackSupport();

    @BeforeEach
    void placeSentinel() throws Exception {
        outside = Files.createDirectory(work.resolve("outside"));
        sentinel = Files.writeString(outside.resolve("sentinel"), SENTINEL_TEXT);
    }

    @AfterEach
    void nothingOutsideTheRootChanged() throws Exception {
        assertThat(Files.isSymbolicLink(sentinel)).isFalse();
        assertThat(sentinel).hasContent(SENTINEL_TEXT);
        try (Stream<Path> list = Files.list(outside)) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactly("sentinel");
        }
        try (Stream<Path> list = Files.list(work)) {
            assertThat(list.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".partial-"));
        }
    }

    private Path root() {
        return work.resolve("root");
    }

    /** Unpacking must fail with {@code type}, naming the last layer's digest and {@code entry}; no root appears. */
    private void assertRefused(Class<? extends Throwable> type, String entry, String reason, LayerBlob... layers) {
        LayerBlob last = layers[layers.length - 1];
        assertThatThrownBy(() -> support.unpack(work, layers))
                .isInstanceOf(type)
                .hasMessageContaining(Digest.sha256(last.stored()).toString())
                .hasMessageContaining("entry '" + entry)
                .hasMessageContaining(reason);
        assertThat(root()).doesNotExist();
    }

    private String outsideAbsolute() {
        return outside.toAbsolutePath().toString();
    }

    @Test
    void dotDotEscapeIsRefused() {
        assertRefused(UnsafeLayerException.class, "../outside/sentinel", "'..'",
                gzip(new TarBuilder().file("../outside/sentinel", "owned").build()));
    }

    @Test
    void dotDotInTheMiddleIsRefusedEvenWhenItWouldStayInside() {
        assertRefused(UnsafeLayerException.class, "a/../b", "'..'", gzip(new TarBuilder().file("a/../b", "x").build()));
    }

    @Test
    void absoluteNamesAreTakenRelativeToTheRoot() throws Exception {
        String absoluteSentinel = sentinel.toAbsolutePath().toString();
        support.unpack(work, gzip(new TarBuilder().file("/etc/evil", "e").file(absoluteSentinel, "owned").build()));
        assertThat(root().resolve("etc/evil")).hasContent("e");
        assertThat(root().resolve(absoluteSentinel.substring(1))).hasContent("owned");
    }

    @Test
    void writingThroughASymlinkFromTheSameLayerIsRefused() {
        assertRefused(UnsafeLayerException.class, "link/sentinel", "symlink",
                gzip(new TarBuilder().symlink("link", "../outside").file("link/sentinel", "owned").build()));
    }

    @Test
    void writingThroughAnAbsoluteSymlinkIsRefused() {
        assertRefused(UnsafeLayerException.class, "etc/sentinel", "symlink",
                gzip(new TarBuilder().symlink("etc", outsideAbsolute()).file("etc/sentinel", "owned").build()));
    }

    @Test
    void writingThroughASymlinkFromALowerLayerIsRefused() {
        assertRefused(UnsafeLayerException.class, "lib/sentinel", "symlink",
                gzip(new TarBuilder().symlink("lib", outsideAbsolute()).build()),
                gzip(new TarBuilder().file("lib/sentinel", "owned").build()));
    }

    @Test
    void directoryReplacedBySymlinkThenWrittenThroughIsRefused() {
        assertRefused(UnsafeLayerException.class, "d/f", "symlink",
                gzip(new TarBuilder().dir("d").file("d/f", "ok").build()),
                gzip(new TarBuilder().symlink("d", outsideAbsolute()).file("d/f", "owned").build()));
    }

    @Test
    void aFileOverASymlinkReplacesTheLinkNotItsTarget() throws Exception {
        support.unpack(work,
                gzip(new TarBuilder().symlink("s", sentinel.toAbsolutePath().toString()).build()),
                gzip(new TarBuilder().file("s", "replaced").build()));
        assertThat(Files.isSymbolicLink(root().resolve("s"))).isFalse();
        assertThat(root().resolve("s")).hasContent("replaced");
    }

    @Test
    void hardlinkToEtcPasswdResolvesInsideTheRootAndFailsWhenAbsent() {
        assertRefused(BrokenLayerException.class, "passwd", "exists neither",
                gzip(new TarBuilder().hardlink("passwd", "/etc/passwd").build()));
    }

    @Test
    void hardlinkToEtcPasswdLinksTheImagesOwnFile() throws Exception {
        support.unpack(work, gzip(new TarBuilder().dir("etc").file("etc/passwd", "root:x:0:0::/root:/bin/sh\n")
                .hardlink("copy", "/etc/passwd").build()));
        assertThat(Files.getAttribute(root().resolve("copy"), "unix:ino"))
                .isEqualTo(Files.getAttribute(root().resolve("etc/passwd"), "unix:ino"));
        assertThat(Files.getAttribute(Path.of("/etc/passwd"), "unix:nlink")).isNotEqualTo(Files.getAttribute(root().resolve("copy"), "unix:nlink"));
    }

    @Test
    void hardlinkClimbingOutIsRefused() {
        assertRefused(UnsafeLayerException.class, "x", "'..'",
                gzip(new TarBuilder().hardlink("x", "../outside/sentinel").build()));
    }

    @Test
    void hardlinkThroughASymlinkIsRefused() {
        assertRefused(UnsafeLayerException.class, "x", "symlink",
                gzip(new TarBuilder().symlink("s", outsideAbsolute()).hardlink("x", "s/sentinel").build()));
    }

    @Test
    void hardlinkToASymlinkLinksTheSymlinkItselfNeverItsTarget() throws Exception {
        support.unpack(work, gzip(new TarBuilder().symlink("s", sentinel.toAbsolutePath().toString())
                .hardlink("h", "s").build()));
        assertThat(Files.isSymbolicLink(root().resolve("h"))).isTrue();
        assertThat(Files.getAttribute(sentinel, "unix:nlink")).isEqualTo(1);
    }

    @Test
    void hardlinkToADirectoryIsRefused() {
        assertRefused(UnsafeLayerException.class, "h", "directory", gzip(new TarBuilder().dir("d").hardlink("h", "d").build()));
    }

    @Test
    void whiteoutOfDotDotIsRefused() {
        assertRefused(UnsafeLayerException.class, "a/.wh...", "whiteout",
                gzip(new TarBuilder().dir("a").file("a/.wh...", "").build()));
    }

    @Test
    void whiteoutWithADotDotPathIsRefused() {
        assertRefused(UnsafeLayerException.class, "../outside/.wh.sentinel", "'..'",
                gzip(new TarBuilder().file("../outside/.wh.sentinel", "").build()));
    }

    @Test
    void whiteoutThroughASymlinkIsRefused() {
        assertRefused(UnsafeLayerException.class, "s/.wh.sentinel", "symlink",
                gzip(new TarBuilder().symlink("s", "../outside").build()),
                gzip(new TarBuilder().file("s/.wh.sentinel", "").build()));
    }

    @Test
    void opaqueMarkerOnASymlinkIsRefused() {
        assertRefused(UnsafeLayerException.class, "s/.wh..wh..opq", "symlink",
                gzip(new TarBuilder().symlink("s", outsideAbsolute()).build()),
                gzip(new TarBuilder().opaque("s").build()));
    }

    @Test
    void opaqueMarkerAtTheTopHidesOnlyLowerLayers() throws Exception {
        support.unpack(work,
                gzip(new TarBuilder().file("lower", "l").build()),
                gzip(new TarBuilder().file("upper", "u").opaque("").build()));
        try (Stream<Path> list = Files.list(root())) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactly("upper");
        }
    }

    @Test
    void entriesInsideAWhiteoutNamedDirectoryAreSkipped() throws Exception {
        support.unpack(work, gzip(new TarBuilder().file(".wh.dir/inner", "x").file("ok", "ok").build()));
        assertThat(root().resolve(".wh.dir")).doesNotExist();
        assertThat(support.warnings.summary()).anyMatch(w -> w.contains("whiteout-named"));
    }

    @Test
    @Timeout(30)
    void tenGigabyteZeroGzipBombIsRefusedAtItsHeader() throws Exception {
        TarArchiveEntry zeros = new TarArchiveEntry("zeros", TarConstants.LF_NORMAL, true);
        zeros.setSize(10_000_000_000L);
        byte[] header = new byte[512];
        zeros.writeEntryHeader(header, ZipEncodingHelper.getZipEncoding("UTF-8"), true);
        Path bomb = GzipBomb.write(work.resolve("bomb.gz"), header, 10_000_000_000L >> 20);
        LayerBlob layer = new LayerBlob(Files.readAllBytes(bomb), MediaTypes.OCI_LAYER_GZIP, Digest.sha256(new byte[0]));
        assertThat(layer.stored().length).isLessThan(20 << 20);
        assertRefused(LayerTooLargeException.class, "zeros", "decompression bomb", layer);
        assertThat(new LayerTooLargeException(new EntryContext(null, 0), "")).isInstanceOf(LimitExceededException.class);
    }

    /**
     * "At its header" without a clock: the entry declares 10 GB but holds one MiB. Reading its
     * content first would end in a truncated-entry error; only the header check names the bomb.
     */
    @Test
    void aBombIsRefusedBeforeAnyOfItsContentIsRead() throws Exception {
        TarArchiveEntry zeros = new TarArchiveEntry("zeros", TarConstants.LF_NORMAL, true);
        zeros.setSize(10_000_000_000L);
        byte[] header = new byte[512];
        zeros.writeEntryHeader(header, ZipEncodingHelper.getZipEncoding("UTF-8"), true);
        Path lying = GzipBomb.write(work.resolve("lying.gz"), header, 1);
        assertRefused(LayerTooLargeException.class, "zeros", "decompression bomb",
                new LayerBlob(Files.readAllBytes(lying), MediaTypes.OCI_LAYER_GZIP, Digest.sha256(new byte[0])));
    }

    @Test
    @Timeout(60)
    void zerosHiddenAfterTheEndOfTheTarAreCountedAgainstTheBudget() throws Exception {
        byte[] tar = new TarBuilder().file("small", "s").build();
        Path bomb = GzipBomb.write(work.resolve("trailing.gz"), tar, 10_000_000_000L >> 20);
        LayerBlob layer = new LayerBlob(Files.readAllBytes(bomb), MediaTypes.OCI_LAYER_GZIP, Digest.sha256(new byte[0]));
        assertThatThrownBy(() -> support.unpack(work, layer))
                .isInstanceOf(LayerTooLargeException.class)
                .hasMessageContaining(Digest.sha256(layer.stored()).toString())
                .hasMessageContaining("exceeds the limit");
        assertThat(root()).doesNotExist();
    }

    @Test
    void oversizedPaxHeaderIsRefusedBeforeItFillsMemory() {
        byte[] huge = new byte[4 << 20];
        Arrays.fill(huge, (byte) 'a');
        LayerBlob layer = gzip(new TarBuilder().fileWithRawPax("f", "x", java.util.Map.of("comment", huge)).build());
        assertThatThrownBy(() -> support.unpack(work, layer))
                .isInstanceOf(LayerTooLargeException.class)
                .hasMessageContaining(Digest.sha256(layer.stored()).toString())
                .hasMessageContaining("PAX");
        assertThat(root()).doesNotExist();
    }

    @Test
    @Timeout(30)
    void xattrsOnAFifoNeverOpenIt() throws Exception {
        dev.gantry.testing.PeerTools.assumeRoot("FIFOs are created only as root");
        support.unpack(work, gzip(new TarBuilder().rawPax("pipe", java.util.Map.of("SCHILY.xattr.user.x", new byte[] {1}))
                .fifo("pipe").build()));
        assertThat(Files.getAttribute(root().resolve("pipe"), "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(010600);
    }

    @Test
    void duplicateEntriesLastOneWins() throws Exception {
        support.unpack(work, gzip(new TarBuilder().file("a", "first").file("a", "second").build()));
        assertThat(root().resolve("a")).hasContent("second");
    }

    @Test
    void fileReplacedByADirectoryInTheSameLayer() throws Exception {
        support.unpack(work, gzip(new TarBuilder().file("a", "file").dir("a").file("a/b", "b").build()));
        assertThat(root().resolve("a")).isDirectory();
        assertThat(root().resolve("a/b")).hasContent("b");
    }

    @Test
    void directoryReplacedByAFileInTheSameLayerTakesItsChildrenWithIt() throws Exception {
        support.unpack(work, gzip(new TarBuilder().dir("a").file("a/b", "b").file("a", "file").build()));
        assertThat(root().resolve("a")).isRegularFile().hasContent("file");
    }

    @Test
    void aNameComponentLongerThanTheFileSystemAllowsFailsClearly() {
        String name = "x".repeat(300);
        assertRefused(BrokenLayerException.class, name.substring(0, 50), "file system refused",
                gzip(new TarBuilder().file(name, "x").build()));
    }

    @Test
    void aLongPathWithinTheLimitsIsWritten() throws Exception {
        String name = String.join("/", java.util.Collections.nCopies(15, "d".repeat(200))) + "/file";
        support.unpack(work, gzip(new TarBuilder().file(name, "deep").build()));
        assertThat(root().resolve(name)).hasContent("deep");
    }

    @Test
    void nonUtf8NamesAreReadAsLatin1InsideTheRoot() throws Exception {
        support.unpack(work, gzip(new TarBuilder("ISO-8859-1").file("caf\u00e9", "latin1").build()));
        assertThat(root().resolve("caf\u00e9")).hasContent("latin1");
    }

    @Test
    void utf8NamesInUstarHeadersArePreserved() throws Exception {
        support.unpack(work, gzip(new TarBuilder().file("\u4e2d\u6587.txt", "zh").build()));
        assertThat(root().resolve("\u4e2d\u6587.txt")).hasContent("zh");
    }

    @Test
    void truncatedGzipStreamFailsWithTheLayerAndEntry() {
        byte[] content = new byte[200_000];
        new java.util.Random(1).nextBytes(content);
        byte[] whole = gzip(new TarBuilder().file("big", content, 0644).build()).stored();
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
        LayerBlob layer = new LayerBlob(truncated, MediaTypes.OCI_LAYER_GZIP, Digest.sha256(new byte[0]));
        assertRefused(BrokenLayerException.class, "big", "ZLIB", layer);
    }

    @Test
    void corruptDeflateDataFailsWithTheLayer() {
        byte[] content = "hello ".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        byte[] stored = gzip(new TarBuilder().file("f", content, 0644).build()).stored();
        for (int i = 40; i < 80; i++) {
            stored[i] ^= 0x5a;
        }
        LayerBlob layer = new LayerBlob(stored, MediaTypes.OCI_LAYER_GZIP, Digest.sha256(new byte[0]));
        assertThatThrownBy(() -> support.unpack(work, layer))
                .isInstanceOf(BrokenLayerException.class)
                .hasMessageContaining(Digest.sha256(stored).toString());
        assertThat(root()).doesNotExist();
    }

    @Test
    void diffIdMismatchFailsAndLeavesNoRoot() {
        byte[] tar = new TarBuilder().file("f", "x").build();
        LayerBlob good = gzip(tar);
        LayerBlob lying = new LayerBlob(good.stored(), good.mediaType(), Digest.sha256("other".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> support.unpack(work, lying))
                .isInstanceOf(BrokenLayerException.class)
                .hasMessageContaining("diff_id");
        assertThat(root()).doesNotExist();
    }

    @Test
    void rootEntryThatIsNotADirectoryIsRefused() {
        assertRefused(UnsafeLayerException.class, ".", "root", gzip(new TarBuilder().file(".", "x").build()));
    }

    @Test
    void backslashesAreOrdinaryCharactersNotSeparators() throws Exception {
        support.unpack(work, gzip(new TarBuilder().file("..\\outside\\sentinel", "inside").build()));
        assertThat(root().resolve("..\\outside\\sentinel")).hasContent("inside");
    }

    @Test
    void aFailingUpperLayerLeavesNoHalfAppliedRoot() {
        assertRefused(UnsafeLayerException.class, "../escape", "'..'",
                gzip(new TarBuilder().file("good", "g").build()),
                gzip(new TarBuilder().file("fine", "f").file("../escape", "x").build()));
        try (Stream<Path> list = Files.list(work)) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("outside", "layout");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void symlinkWithAnEmptyTargetIsRefused() {
        assertRefused(BrokenLayerException.class, "s", "empty target", gzip(new TarBuilder().symlink("s", "").build()));
    }

    @Test
    void manyLayersOfWhiteoutsNeverTouchAnythingOutside() throws Exception {
        support.unpack(work,
                gzip(new TarBuilder().dir("a").file("a/x", "x").symlink("out", outsideAbsolute()).build()),
                gzip(new TarBuilder().whiteout("", "out").whiteout("a", "x").build()),
                gzip(new TarBuilder().whiteout("", "a").build()));
        try (Stream<Path> list = Files.list(root())) {
            assertThat(list).isEmpty();
        }
        assertThat(Files.exists(root().resolve("out"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(List.of(sentinel)).allMatch(Files::exists);
    }
}
