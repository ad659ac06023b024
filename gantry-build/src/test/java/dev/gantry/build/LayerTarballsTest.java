package dev.gantry.build;

import dev.gantry.error.InvalidInputException;
import dev.gantry.image.Layer;
import dev.gantry.testing.Fixtures;
import dev.gantry.transport.ManifestFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerTarballsTest {
    @TempDir
    Path dir;

    private Path tar(String name, String... entries) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (String entry : entries) {
                TarArchiveEntry e = new TarArchiveEntry(entry, true);
                e.setSize(1);
                tar.putArchiveEntry(e);
                tar.write('x');
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    @Test
    void aTarballIsTheLayerByteForByte() throws IOException {
        Path file = tar("ok.tar", "etc/a", "etc/b");

        Layer layer = LayerTarballs.open(file, ManifestFormat.OCI);

        assertThat(layer.digest().toString()).isEqualTo(Fixtures.sha256(file));
        assertThat(layer.diffId()).isEqualTo(layer.digest()); // not compressed: the tar is its own diff_id
    }

    @Test
    void refusesAnEntryClimbingOutOfTheRoot() throws IOException {
        Path file = tar("evil.tar", "etc/a", "../../etc/cron.d/x");

        assertThatThrownBy(() -> LayerTarballs.open(file, ManifestFormat.OCI)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("../../etc/cron.d/x").hasMessageContaining("..");
    }

    @Test
    void refusesAFileThatIsNotATar() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.tar"), "these are notes, not a tar\n".repeat(100));

        assertThatThrownBy(() -> LayerTarballs.open(file, ManifestFormat.OCI)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("notes.tar");
    }
}
