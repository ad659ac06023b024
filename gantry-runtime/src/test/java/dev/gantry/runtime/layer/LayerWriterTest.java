package dev.gantry.runtime.layer;

import com.github.luben.zstd.ZstdInputStream;
import dev.gantry.digest.Digest;
import dev.gantry.error.UnsupportedFormatException;
import dev.gantry.layer.Compression;
import dev.gantry.oci.MediaTypes;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.testing.Fixtures;
import dev.gantry.transport.ManifestFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerWriterTest {
    @TempDir
    Path work;

    private Path tree() throws IOException {
        Path root = Files.createDirectories(work.resolve("tree/etc"));
        Files.writeString(root.resolve("hostname"), "gantry\n");
        Files.write(work.resolve("tree/big"), new byte[3 << 20]);
        return work.resolve("tree");
    }

    @Test
    void descriptorAndDiffIdDescribeTheFileAndItsTar() throws Exception {
        Path tree = tree();
        WrittenLayer layer = new LayerWriter(LayerCompression.defaults(), ManifestFormat.OCI)
                .write(TarContent.directory(tree, new Warnings(null)), work.resolve("tmp"));
        assertThat(layer.blob().mediaType()).isEqualTo(MediaTypes.OCI_LAYER_GZIP);
        assertThat(layer.blob().digest().toString()).isEqualTo(Fixtures.sha256(layer.file()));
        assertThat(layer.blob().size()).isEqualTo(Files.size(layer.file()));
        try (InputStream tar = new GZIPInputStream(Files.newInputStream(layer.file()))) {
            assertThat(Digest.parse(Fixtures.sha256(tar))).isEqualTo(layer.diffId());
        }
        try (InputStream tar = new GZIPInputStream(Files.newInputStream(layer.file()))) {
            assertThat(Fixtures.tarEntryNames(tar)).containsExactly("big", "etc/", "etc/hostname");
        }
    }

    @Test
    void dockerTargetsGetDockerTypesAndZstdOnlyForOci() throws Exception {
        Path tree = tree();
        WrittenLayer docker = new LayerWriter(LayerCompression.defaults(), ManifestFormat.DOCKER)
                .write(TarContent.directory(tree, new Warnings(null)), work.resolve("tmp"));
        assertThat(docker.blob().mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP);
        LayerCompression zstd = new LayerCompression(Compression.ZSTD, LayerCompression.DEFAULT_ZSTD_LEVEL, 2);
        assertThatThrownBy(() -> new LayerWriter(zstd, ManifestFormat.DOCKER))
                .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("zstd");
        WrittenLayer oci = new LayerWriter(zstd, ManifestFormat.OCI)
                .write(TarContent.directory(tree, new Warnings(null)), work.resolve("tmp"));
        assertThat(oci.blob().mediaType()).isEqualTo(MediaTypes.OCI_LAYER_ZSTD);
        assertThat(oci.diffId()).isEqualTo(docker.diffId());
        try (InputStream tar = new ZstdInputStream(Files.newInputStream(oci.file()))) {
            assertThat(Digest.parse(Fixtures.sha256(tar))).isEqualTo(oci.diffId());
        }
    }

    @Test
    void failingContentLeavesNoFile() throws Exception {
        LayerWriter writer = new LayerWriter(LayerCompression.defaults(), ManifestFormat.OCI);
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        assertThatThrownBy(() -> writer.write(out -> {
            out.write(new byte[5 << 20]);
            throw new IOException("disk gone");
        }, tmp)).hasMessage("disk gone");
        assertThat(tmp).isEmptyDirectory();
    }
}
