package dev.gantry.runtime.apply;

import dev.gantry.layer.ExpansionLimits;
import dev.gantry.digest.Digest;
import dev.gantry.runtime.export.FilesystemTarWriter;
import dev.gantry.runtime.testing.TarBuilder;
import dev.gantry.testing.PeerRequirement;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Without root, owners are recorded in user.rootlesscontainers and exported back as owners. */
class RootlessOwnersTest {
    @TempDir
    Path work;

    @Test
    void encodesTheProtobufThatRootlessToolsRead() {
        assertThat(RootlessOwners.encode(1000, 1001)).containsExactly(0x08, 0xE8, 0x07, 0x10, 0xE9, 0x07);
        assertThat(RootlessOwners.encode(0, 0)).isEmpty();
        assertThat(RootlessOwners.encode(0, 5)).containsExactly(0x10, 0x05);
        assertThat(RootlessOwners.decode(ByteBuffer.wrap(RootlessOwners.encode(-2, 70000))))
                .isEqualTo(new RootlessOwners.Owner(-2, 70000));
    }

    @Test
    void unprivilegedApplyRecordsOwnersItCannotSetAndExportRestoresThem() throws Exception {
        Path dir = Files.createDirectory(work.resolve("root"));
        PeerRequirement.require(userXattrsWork(dir), "the file system of " + dir + " refuses user.* xattrs");
        TarArchiveEntry owned = new TarArchiveEntry("srv/owned.txt");
        owned.setIds(1000, 1001);
        owned.setMode(0644);
        owned.setSize(2);
        TarArchiveEntry ownedDir = new TarArchiveEntry("srv/");
        ownedDir.setIds(33, 33);
        ownedDir.setMode(040755);
        Warnings warnings = new Warnings(null);
        LayerApplier applier = new LayerApplier(new SafeRoot(dir), ExpansionLimits.defaults(), warnings, false);
        byte[] layer = new TarBuilder().add(ownedDir, null).add(owned, "hi".getBytes()).file("rootfile", "r").build();
        applier.applyTar(new ByteArrayInputStream(layer), new EntryContext(Digest.sha256(layer), 0), Long.MAX_VALUE);
        applier.finish();

        assertThat(RootlessOwners.read(dir.resolve("srv/owned.txt"))).contains(new RootlessOwners.Owner(1000, 1001));
        assertThat(RootlessOwners.read(dir.resolve("srv"))).contains(new RootlessOwners.Owner(33, 33));
        assertThat(RootlessOwners.read(dir.resolve("rootfile"))).isEmpty();

        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        new FilesystemTarWriter(new Warnings(null)).write(dir, tar);
        Map<String, TarArchiveEntry> exported = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar.toByteArray()))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                exported.put(e.getName(), e);
            }
        }
        assertThat(exported.get("srv/owned.txt").getLongUserId()).isEqualTo(1000);
        assertThat(exported.get("srv/owned.txt").getLongGroupId()).isEqualTo(1001);
        assertThat(exported.get("srv/").getLongUserId()).isEqualTo(33);
        assertThat(exported.get("srv/owned.txt").getExtraPaxHeaders()).doesNotContainKey("SCHILY.xattr.user.rootlesscontainers");
    }

    private static boolean userXattrsWork(Path dir) {
        try {
            Path probe = Files.writeString(dir.resolve(".probe"), "");
            RootlessOwners.record(probe, 1, 1);
            Files.delete(probe);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
