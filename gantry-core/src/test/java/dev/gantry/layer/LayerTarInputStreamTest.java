package dev.gantry.layer;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerTarInputStreamTest {
    /** One file entry per name (each char one byte), {@code size} bytes of content each; {@code edit} may add PAX headers. */
    private static byte[] tar(int size, Consumer<TarArchiveEntry> edit, String... names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes, "ISO-8859-1")) {
            for (String name : names) {
                TarArchiveEntry e = new TarArchiveEntry(name);
                e.setSize(size);
                edit.accept(e);
                out.putArchiveEntry(e);
                out.write(new byte[size]);
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static LayerTarInputStream reader(byte[] tar, ExpansionLimits limits, long budget) {
        return new LayerTarInputStream(new ByteArrayInputStream(tar), limits, budget);
    }

    @Test
    void namesAreDecodedByteForByteLikeUnpackDoes() throws IOException {
        String utf8 = new String("ü".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        List<String> names = new ArrayList<>();
        try (LayerTarInputStream in = reader(tar(0, e -> { }, "./\u00ff", utf8, "dir/"), ExpansionLimits.defaults(), Long.MAX_VALUE)) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(LayerTarInputStream.name(e));
            }
        }
        assertThat(names).containsExactly("./ÿ", "ü", "dir/");
    }

    @Test
    void refusesAnEntryWhoseDeclaredSizeTakesTheLayerPastItsBudgetAtItsHeader() throws IOException {
        try (LayerTarInputStream in = reader(tar(600, e -> { }, "a", "bomb"), ExpansionLimits.defaults(), 1000)) {
            assertThat(in.getNextEntry().getName()).isEqualTo("a");
            assertThatThrownBy(in::getNextEntry)
                    .isInstanceOfSatisfying(LayerTarInputStream.EntryTooLargeException.class,
                            e -> assertThat(e.entryName()).isEqualTo("bomb"))
                    .hasMessageContaining("declares 600 bytes")
                    .hasMessageContaining("1000");
        }
    }

    @Test
    void refusesPaxRecordsLargerThanTheMetadataBound() throws IOException {
        byte[] tar = tar(0, e -> e.addPaxHeader("comment", "x".repeat(5000)), "big-pax");
        try (LayerTarInputStream in = reader(tar, new ExpansionLimits(16, 0, 4096), Long.MAX_VALUE)) {
            assertThatThrownBy(in::getNextEntry).isInstanceOf(LayerTarInputStream.MetadataTooLargeException.class)
                    .hasMessageContaining("PAX").hasMessageContaining("4096");
        }
        try (LayerTarInputStream in = reader(tar, ExpansionLimits.defaults(), Long.MAX_VALUE)) {
            assertThat(in.getNextEntry().getName()).isEqualTo("big-pax");
        }
    }

    @Test
    void givesTheExactBytesOfPaxXattrs() throws IOException {
        byte[] tar = tar(0, e -> e.addPaxHeader("SCHILY.xattr.user.note", "caf\u00e9"), "f");
        try (LayerTarInputStream in = reader(tar, ExpansionLimits.defaults(), Long.MAX_VALUE)) {
            in.getNextEntry();
            assertThat(in.xattrs()).containsOnlyKeys("user.note");
            assertThat(in.xattrs().get("user.note")).isEqualTo("café".getBytes(StandardCharsets.UTF_8));
        }
    }
}
