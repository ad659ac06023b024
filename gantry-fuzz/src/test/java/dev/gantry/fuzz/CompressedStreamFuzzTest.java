package dev.gantry.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gantry.error.GantryException;
import dev.gantry.layer.Compression;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.layer.LayerTarInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Layer blobs as every reader takes them: compression detected from the magic bytes (gzip, zstd
 * or none), inflated, and read as a tar through {@link LayerTarInputStream} under the expansion
 * budget of the blob's size. An input fails with an IOException or a typed error, or reads to its
 * end having declared no more than the budget. Seeds: umoci's gzip layers, a zstd layer, a plain tar.
 */
class CompressedStreamFuzzTest {
    @FuzzTest
    void layerStream(byte[] blob) {
        ExpansionLimits limits = ExpansionLimits.defaults();
        long budget = limits.budget(blob.length);
        long declared = 0;
        try (InputStream raw = Compression.autoDecompress(new ByteArrayInputStream(blob));
             LayerTarInputStream tar = new LayerTarInputStream(raw, limits, budget)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                declared += Math.max(entry.getSize(), entry.getRealSize());
                LayerTarInputStream.name(entry);
                LayerTarInputStream.linkName(entry);
                tar.xattrs();
                tar.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException | GantryException refused) {
            return;
        }
        assertThat(declared).isBetween(0L, budget);
    }
}
