package dev.gantry.runtime.cstore;

import dev.gantry.digest.Digest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TarSplitTest {
    @TempDir
    Path dir;

    @Test
    void crc64IsGosIsoChecksum() {
        // The published check value of CRC-64/GO-ISO (Go's crc64.ISO table) over "123456789".
        Crc64 crc = new Crc64();
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        crc.update(check, 0, check.length);
        assertThat(HexFormat.of().formatHex(crc.sum())).isEqualTo("b90956c775a41001");
    }

    /** A tar with a PAX long name, a file, a directory, a symlink, a hard link and an empty file. */
    private Path tar() throws IOException {
        Path tar = dir.resolve("layer.tar");
        try (OutputStream file = Files.newOutputStream(tar); TarArchiveOutputStream out = new TarArchiveOutputStream(file)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry d = new TarArchiveEntry("etc/");
            out.putArchiveEntry(d);
            out.closeArchiveEntry();
            put(out, "etc/hostname", "gantry\n");
            put(out, "etc/" + "n".repeat(150), "a long name\n".repeat(100));
            put(out, "etc/empty", "");
            TarArchiveEntry link = new TarArchiveEntry("etc/link", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("hostname");
            out.putArchiveEntry(link);
            out.closeArchiveEntry();
            TarArchiveEntry hard = new TarArchiveEntry("etc/hard", TarArchiveEntry.LF_LINK);
            hard.setLinkName("etc/hostname");
            out.putArchiveEntry(hard);
            out.closeArchiveEntry();
        }
        return tar;
    }

    private static void put(TarArchiveOutputStream out, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(bytes.length);
        out.putArchiveEntry(e);
        out.write(bytes);
        out.closeArchiveEntry();
    }

    private void unpackFiles(Path content) throws IOException {
        Files.createDirectories(content.resolve("etc"));
        Files.writeString(content.resolve("etc/hostname"), "gantry\n");
        Files.writeString(content.resolve("etc/" + "n".repeat(150)), "a long name\n".repeat(100));
        Files.writeString(content.resolve("etc/empty"), "");
    }

    @Test
    void rebuildsTheSameTarFromItsFiles() throws IOException {
        Path tar = tar();
        Path split = dir.resolve("layer.tar-split.gz");
        TarSplitWriter.Owners owners = TarSplitWriter.write(tar, split);
        Path content = dir.resolve("content");
        unpackFiles(content);
        try (InputStream rebuilt = new TarSplitReader(split, content, "test")) {
            assertThat(Digest.sha256(rebuilt.readAllBytes())).isEqualTo(Digest.sha256(Files.readAllBytes(tar)));
        }
        assertThat(owners.uids()).containsExactly(0L);
    }

    @Test
    void aFileShorterThanRecordedFailsTheRead() throws IOException {
        Path tar = tar();
        Path split = dir.resolve("layer.tar-split.gz");
        TarSplitWriter.write(tar, split);
        Path content = dir.resolve("content");
        unpackFiles(content);
        Files.writeString(content.resolve("etc/hostname"), "g");
        try (InputStream rebuilt = new TarSplitReader(split, content, "test")) {
            assertThatThrownBy(rebuilt::readAllBytes).hasMessageContaining("etc/hostname").hasMessageContaining("shorter");
        }
    }
}
