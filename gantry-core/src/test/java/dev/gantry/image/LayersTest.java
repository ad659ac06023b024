package dev.gantry.image;

import dev.gantry.image.mutate.Mutate;
import dev.gantry.oci.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayersTest {
    @TempDir
    Path dir;

    @Test
    void aMissingLayerFileIsACheckedIOExceptionNamingTheFile() {
        Path missing = dir.resolve("gone.tar");
        Layer layer = Layers.fromFile(missing);

        assertThatThrownBy(layer::descriptor).isInstanceOf(NoSuchFileException.class).hasMessageContaining(missing.toString());
        assertThatThrownBy(layer::diffId).isInstanceOf(NoSuchFileException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void aLayerFileThatDoesNotDecompressIsAnIOExceptionNamingTheFile() throws IOException {
        Path broken = dir.resolve("broken.tar.gz");
        Files.write(broken, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 'n', 'o', 't', ' ', 'd', 'e', 'f', 'l', 'a', 't', 'e'});

        assertThatThrownBy(Layers.fromFile(broken)::digest).isInstanceOf(IOException.class)
                .hasMessageStartingWith("layer file " + broken + ": ");
    }

    @Test
    void aComputedImageOverAMissingLayerFileFailsWithTheFilesIOException() {
        Path missing = dir.resolve("gone.tar");
        Image image = Mutate.append(Mutate.empty(new Platform("linux", "amd64", null)), Layers.fromFile(missing));

        assertThatThrownBy(image::descriptor).isInstanceOf(NoSuchFileException.class).hasMessageContaining(missing.toString());
        assertThatThrownBy(image::rawConfig).isInstanceOf(NoSuchFileException.class).hasMessageContaining(missing.toString());
    }
}
