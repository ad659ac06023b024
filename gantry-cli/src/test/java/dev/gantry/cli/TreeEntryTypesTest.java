package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testing.Fixtures;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `tree` tells a FIFO or a device from a regular file (it showed them as 0644 files). */
class TreeEntryTypesTest {
    @TempDir
    Path dir;

    @Test
    void treeShowsEachEntrysTypeAsLsDoes() throws IOException {
        Path archive = archive();

        CliRun text = CliRun.of("tree", "docker-archive:" + archive);
        CliRun json = CliRun.of("tree", "--json", "docker-archive:" + archive);

        assertThat(text.exitCode()).as(text.stderr()).isZero();
        assertThat(text.stdout()).containsPattern("prw-r--r-- +0:0 .* run/pipe")
                .containsPattern("crw-rw-rw- +0:0 .* dev/null")
                .containsPattern("brw-rw---- +0:6 .* dev/sda")
                .containsPattern("drwxr-xr-x +0:0 .* dev/")
                .containsPattern("lrwxrwxrwx +0:0 .* bin/sh -> busybox")
                .containsPattern("-rwsr-xr-x +0:0 .* bin/busybox");
        Map<String, String> kinds = new HashMap<>();
        for (JsonNode row : new ObjectMapper().readTree(json.stdout())) {
            kinds.put(row.get("path").asText(), row.get("kind").asText());
        }
        assertThat(kinds).containsEntry("run/pipe", "fifo").containsEntry("dev/null", "char_device")
                .containsEntry("dev/sda", "block_device").containsEntry("bin/busybox", "file");
    }

    private Path archive() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            add(tar, new TarArchiveEntry("dev/", TarArchiveEntry.LF_DIR), 0755, 0);
            TarArchiveEntry nul = new TarArchiveEntry("dev/null", TarArchiveEntry.LF_CHR);
            nul.setDevMajor(1);
            nul.setDevMinor(3);
            add(tar, nul, 0666, 0);
            TarArchiveEntry disk = new TarArchiveEntry("dev/sda", TarArchiveEntry.LF_BLK);
            disk.setDevMajor(8);
            add(tar, disk, 0660, 6);
            add(tar, new TarArchiveEntry("run/", TarArchiveEntry.LF_DIR), 0755, 0);
            add(tar, new TarArchiveEntry("run/pipe", TarArchiveEntry.LF_FIFO), 0644, 0);
            add(tar, new TarArchiveEntry("bin/", TarArchiveEntry.LF_DIR), 0755, 0);
            TarArchiveEntry busybox = new TarArchiveEntry("bin/busybox");
            busybox.setSize(2);
            tar.putArchiveEntry(withMode(busybox, 04755, 0));
            tar.write(new byte[] {'#', '!'});
            tar.closeArchiveEntry();
            TarArchiveEntry sh = new TarArchiveEntry("bin/sh", TarArchiveEntry.LF_SYMLINK);
            sh.setLinkName("busybox");
            add(tar, sh, 0777, 0);
        }
        Path folder = Files.createDirectories(dir.resolve("image"));
        Files.write(folder.resolve("layer.tar"), bytes.toByteArray());
        Files.writeString(folder.resolve("config.json"), """
                {"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["%s"]}}
                """.formatted(Fixtures.sha256(bytes.toByteArray())).strip());
        Fixtures.writeManifestJson(folder, "config.json", "layer.tar");
        return Fixtures.tarFolder(folder, dir.resolve("image.tar"));
    }

    private static void add(TarArchiveOutputStream tar, TarArchiveEntry entry, int mode, int gid) throws IOException {
        tar.putArchiveEntry(withMode(entry, mode, gid));
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry withMode(TarArchiveEntry entry, int mode, int gid) {
        entry.setMode(mode);
        entry.setUserId(0);
        entry.setGroupId(gid);
        return entry;
    }
}
