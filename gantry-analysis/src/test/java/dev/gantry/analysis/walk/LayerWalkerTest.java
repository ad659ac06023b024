package dev.gantry.analysis.walk;

import dev.gantry.error.DigestMismatchException;
import dev.gantry.error.LimitExceededException;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.testing.Fixtures;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerWalkerTest {
    @TempDir
    Path work;

    /** "INDEX KIND PATH [content]" for every entry of every layer. */
    private List<String> walkAll(Path layout) throws IOException {
        List<String> seen = new ArrayList<>();
        try (ImageSource source = Transports.openSource(TransportRef.parse("oci:" + layout + ":" + Fixtures.TAG))) {
            Image image = (Image) Images.open(source);
            new LayerWalker().walk(image, layer -> (entry, content) -> {
                String text = new String(content.readAllBytes(), StandardCharsets.UTF_8);
                seen.add(layer.index() + " " + entry.kind() + " " + entry.path() + (text.isEmpty() ? "" : " " + text.strip()));
            });
        }
        return seen;
    }

    @Test
    void walksUmociLayersInOrderWithContentAndWhiteoutsAsDeletedPaths() throws IOException {
        List<String> seen = walkAll(Fixtures.umociLayout(work));
        assertThat(seen).contains("0 DIR etc", "0 FILE etc/hello.txt hello", "0 FILE etc/bye.txt bye",
                "0 FILE data/sub/x deleted later", "1 WHITEOUT etc/bye.txt", "1 WHITEOUT data", "1 FILE etc/new.txt new");
        assertThat(seen).noneMatch(s -> s.contains(".wh.") || s.contains("./") || s.startsWith("0 DIR  "));
        assertThat(seen.indexOf("1 FILE etc/new.txt new")).isGreaterThan(seen.indexOf("0 FILE data/sub/x deleted later"));
    }

    @Test
    void pairsEachLayerWithTheHistoryEntryThatMadeIt() throws IOException {
        Path layout = Fixtures.umociLayout(work);
        List<String> steps = new ArrayList<>();
        try (ImageSource source = Transports.openSource(TransportRef.parse("oci:" + layout + ":" + Fixtures.TAG))) {
            Image image = (Image) Images.open(source);
            for (ImageLayer layer : ImageLayer.of(image)) {
                steps.add(layer.index() + " " + layer.layer().digest() + " " + (layer.history() != null));
            }
            // umoci's `config` step is an empty_layer entry: it must not shift the pairing.
            assertThat(image.config().history()).hasSize(3);
            assertThat(steps).containsExactly("0 " + image.layers().get(0).digest() + " true",
                    "1 " + image.layers().get(1).digest() + " true");
        }
    }

    @Test
    void skipsWhatTheVisitorLeavesUnreadAndStillSeesEveryEntry() throws IOException {
        byte[] tar = new TarBytes().file("a", "first file".repeat(1000)).file("b", "second").build();
        List<String> seen = new ArrayList<>();
        LayerSummary summary = new LayerWalker().walk(new ByteArrayInputStream(tar), null, Long.MAX_VALUE, (entry, content) -> {
            seen.add(entry.path() + " " + (char) content.read() + " " + entry.size());
        });
        assertThat(seen).containsExactly("a f 10000", "b s 6");
        assertThat(summary.entries()).isEqualTo(2);
        assertThat(summary.fileBytes()).isEqualTo(10006);
        assertThat(summary.tarBytes()).isEqualTo(tar.length);
    }

    @Test
    void reportsOpaqueDirectoriesHardlinksAndSymlinksWithNormalisedPaths() throws IOException {
        byte[] tar = new TarBytes().dir("./usr/").entry("./usr/.wh..wh..opq", TarArchiveEntry.LF_NORMAL, null)
                .entry("/usr/bin/sh", TarArchiveEntry.LF_SYMLINK, "/bin/busybox")
                .entry("usr//bin/./ash", TarArchiveEntry.LF_LINK, "./usr/bin/sh").build();
        List<String> seen = new ArrayList<>();
        new LayerWalker().walk(new ByteArrayInputStream(tar), null, Long.MAX_VALUE,
                (entry, content) -> seen.add(entry.kind() + " " + entry.path() + " " + entry.linkTarget()));
        assertThat(seen).containsExactly("DIR usr null", "OPAQUE_WHITEOUT usr null", "SYMLINK usr/bin/sh /bin/busybox",
                "HARDLINK usr/bin/ash usr/bin/sh");
    }

    @Test
    void refusesClimbingNamesByDefaultNamingTheEntry() {
        byte[] tar = new TarBytes().file("ok", "x").file("a/../../etc/passwd", "root::0:0").build();
        assertThatThrownBy(() -> new LayerWalker().walk(new ByteArrayInputStream(tar), null, Long.MAX_VALUE, (e, c) -> { }))
                .isInstanceOf(UnsafeEntryException.class)
                .hasMessageContaining("a/../../etc/passwd").hasMessageContaining("'..'");
    }

    @Test
    void letsAScannerListHostileEntriesAndGoOnWithoutFollowingThem() throws IOException {
        byte[] tar = new TarBytes().file("../escape", "x").entry("link", TarArchiveEntry.LF_LINK, "../../etc/shadow")
                .entry("etc/.wh...", TarArchiveEntry.LF_NORMAL, null).file("after", "y").build();
        List<String> hostile = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        new LayerWalker().walk(new ByteArrayInputStream(tar), null, Long.MAX_VALUE, new EntryVisitor() {
            @Override
            public void entry(LayerEntry entry, InputStream content) {
                seen.add(entry.path());
            }

            @Override
            public void hostile(HostileEntry entry) {
                hostile.add(entry.name() + ": " + entry.reason());
            }
        });
        assertThat(seen).containsExactly("after");
        assertThat(hostile).containsExactly("../escape: climbs out of the root with '..'",
                "link: is a hardlink to '../../etc/shadow', which climbs out of the root with '..'",
                "etc/.wh...: is a whiteout naming no file ('..')");
    }

    @Test
    void refusesAnEntryDeclaringMoreThanTheBudgetAtItsHeader() {
        byte[] tar = new TarBytes().file("zeros", "\0".repeat(1 << 20)).build();
        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> new LayerWalker().walk(new ByteArrayInputStream(tar), null, 100_000, (e, c) -> seen.add(e.path())))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("zeros").hasMessageContaining("100000");
        assertThat(seen).isEmpty();
    }

    @Test
    void refusesOversizedPaxRecordsBeforeTheLibraryReadsThemIntoMemory() {
        TarArchiveEntry big = new TarArchiveEntry("big-pax", true);
        big.addPaxHeader("comment", "x".repeat(2 << 20));
        byte[] tar = new TarBytes().put(big, new byte[0]).build();
        assertThatThrownBy(() -> new LayerWalker().walk(new ByteArrayInputStream(tar), null, Long.MAX_VALUE, (e, c) -> { }))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("PAX");
    }

    @Test
    void failsOnALayerWhoseBytesDoNotMatchItsDigest() throws IOException {
        Path layout = Fixtures.umociLayout(work);
        String digest;
        try (ImageSource source = Transports.openSource(TransportRef.parse("oci:" + layout + ":" + Fixtures.TAG))) {
            digest = ((Image) Images.open(source)).layers().get(0).digest().toString();
        }
        Path blob = Fixtures.blob(layout, digest);
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length - 5] ^= 0x55; // inside the gzip trailer: the tar still reads, the digest cannot match
        Files.write(blob, bytes);
        assertThatThrownBy(() -> walkAll(layout)).isInstanceOf(DigestMismatchException.class).hasMessageContaining(digest);
    }

    /** Tar bytes written by Commons Compress, the same writer family the image tools' Go tar mirrors. */
    private static final class TarBytes {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

        TarBytes() {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        TarBytes file(String name, String content) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(data.length);
            return put(e, data);
        }

        TarBytes dir(String name) {
            return put(new TarArchiveEntry(name, true), new byte[0]);
        }

        TarBytes entry(String name, byte type, String link) {
            TarArchiveEntry e = new TarArchiveEntry(name, type, true);
            if (link != null) {
                e.setLinkName(link);
            }
            return put(e, new byte[0]);
        }

        TarBytes put(TarArchiveEntry e, byte[] data) {
            try {
                tar.putArchiveEntry(e);
                tar.write(data);
                tar.closeArchiveEntry();
            } catch (IOException x) {
                throw new java.io.UncheckedIOException(x);
            }
            return this;
        }

        byte[] build() {
            try {
                tar.close();
            } catch (IOException x) {
                throw new java.io.UncheckedIOException(x);
            }
            return bytes.toByteArray();
        }
    }
}
