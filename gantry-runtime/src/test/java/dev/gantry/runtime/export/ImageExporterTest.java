package dev.gantry.runtime.export;

import dev.gantry.layer.ExpansionLimits;
import dev.gantry.runtime.apply.ImageUnpacker;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.testing.TarBuilder;
import dev.gantry.runtime.testing.TestImages;
import dev.gantry.runtime.testing.TreeListing;
import dev.gantry.testing.PeerTools;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.gantry.runtime.testing.TestImages.gzip;
import static org.assertj.core.api.Assertions.assertThat;

class ImageExporterTest {
    @TempDir
    Path work;

    private Path layout() {
        return TestImages.layout(work.resolve("layout"), List.of(
                gzip(new TarBuilder().dir("etc").file("etc/a", "a").file("etc/gone", "g").dir("bin")
                        .file("bin/busybox", "bb".getBytes(), 0755).hardlink("bin/sh", "bin/busybox")
                        .symlink("lib", "/usr/lib").file("z\u00e9\u4e2d", "unicode").build()),
                gzip(new TarBuilder().whiteout("etc", "gone").hardlink("bin/ls", "bin/busybox")
                        .file("x".repeat(120) + "/" + "y".repeat(120), "long name").build())));
    }

    private byte[] export(Path layout) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TestImages.Opened opened = TestImages.open(layout)) {
            new ImageExporter(ExpansionLimits.defaults(), new Warnings(null)).export(opened.image(), out, work.resolve("tmp"));
        }
        return out.toByteArray();
    }

    @Test
    void exportsTheMergedTreeInSortedOrderWithHardlinksAndWithoutWhiteouts() throws Exception {
        List<String> names = new ArrayList<>();
        List<String> links = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(export(layout())))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                names.add(e.getName());
                if (e.isLink()) {
                    links.add(e.getName() + "->" + e.getLinkName());
                }
            }
        }
        assertThat(names).containsExactly("bin/", "bin/busybox", "bin/ls", "bin/sh", "etc/", "etc/a", "lib",
                "x".repeat(120) + "/", "x".repeat(120) + "/" + "y".repeat(120), "z\u00e9\u4e2d");
        assertThat(links).containsExactly("bin/ls->bin/busybox", "bin/sh->bin/busybox");
        assertThat(work.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void theSameImageExportsToTheSameBytes() throws Exception {
        Path layout = layout();
        assertThat(export(layout)).isEqualTo(export(layout));
    }

    @Test
    void gnuTarExtractsTheExportToTheTreeUnpackMakes() throws Exception {
        PeerTools.assumeInstalled("tar");
        Path layout = layout();
        Path tarFile = Files.write(work.resolve("fs.tar"), export(layout));
        Path extracted = Files.createDirectory(work.resolve("extracted"));
        PeerTools.run(extracted, "tar", "-xpf", tarFile.toString());
        Path unpacked = work.resolve("unpacked");
        try (TestImages.Opened opened = TestImages.open(layout)) {
            new ImageUnpacker(ExpansionLimits.defaults(), new Warnings(null)).unpack(opened.image(), unpacked);
        }
        assertThat(TreeListing.describe(extracted)).containsExactlyEntriesOf(TreeListing.describe(unpacked));
    }
}
