package dev.gantry.analysis.packages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The build information formats at the byte level. A binary from before Go 1.18 (pointer format) cannot be
 * built here (Debian ships Go 1.19), so it is laid out by hand as Go's linker wrote it: the header in the first
 * writable segment, two pointers to Go string headers, the strings elsewhere in the segment.
 */
class GoBuildInfoTest {
    /** The 16 bytes the linker puts before and after the module text (cmd/go's modinfo framing). */
    private static final byte[] FRAME_START = HexFormat.of().parseHex("3077af0c9274080241e1c107e6d618e6");
    private static final byte[] FRAME_END = HexFormat.of().parseHex("f932433186182072008242104116d8f2");
    private static final long VADDR = 0x400000;

    @TempDir
    Path dir;

    @Test
    void readsThePointerFormatOfGoBefore118() throws Exception {
        String modinfo = "path\texample.com/old\nmod\texample.com/old\tv1.0.0\th1:abc=\n"
                + "dep\tgolang.org/x/text\tv0.3.7\th1:def=\n"
                + "dep\texample.com/forked\tv1.2.0\th1:ghi=\n=>\texample.com/fork\tv1.2.1\th1:jkl=\n"
                + "dep\texample.com/vendored\tv0.1.0\n=>\t../vendored\t\n";
        Path file = pointerFormatBinary("go1.16.15", frame(modinfo));
        GoBuildInfo.Info info;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            info = GoBuildInfo.read(ch);
        }
        assertThat(info.goVersion()).isEqualTo("go1.16.15");
        assertThat(info.main()).isEqualTo(new GoBuildInfo.Module("example.com/old", "v1.0.0"));
        assertThat(info.deps()).containsExactly(new GoBuildInfo.Module("golang.org/x/text", "v0.3.7"),
                new GoBuildInfo.Module("example.com/fork", "v1.2.1"), new GoBuildInfo.Module("example.com/vendored", "v0.1.0"));
        assertThat(info.found("bin/old").records()).extracting(r -> r.name() + "@" + r.version())
                .startsWith("stdlib@1.16.15", "example.com/old@v1.0.0");
    }

    @Test
    void refusesPointersOutsideTheFile() throws Exception {
        Path file = pointerFormatBinary("go1.16.15", frame("mod\tx\tv1\n"));
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0x100 + 16, VADDR + (1L << 40));
        Files.write(file, bytes);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThatThrownBy(() -> GoBuildInfo.read(ch)).isInstanceOf(GoBuildInfo.NotReadableException.class)
                    .hasMessageContaining("is in no loaded part of the file");
        }
    }

    @Test
    void namesTheStandardLibraryVersionAsSemVer() {
        assertThat(GoBuildInfo.stdlibVersion("go1.19.8")).isEqualTo("1.19.8");
        assertThat(GoBuildInfo.stdlibVersion("go1.21")).isEqualTo("1.21.0");
        assertThat(GoBuildInfo.stdlibVersion("go1.21rc2")).isEqualTo("1.21.0-rc2");
        assertThat(GoBuildInfo.stdlibVersion("go1.20.3 X:boringcrypto")).isEqualTo("1.20.3");
        assertThat(GoBuildInfo.stdlibVersion("devel go1.22-abc")).isNull();
    }

    private static String frame(String text) {
        return new String(FRAME_START, StandardCharsets.ISO_8859_1) + text + new String(FRAME_END, StandardCharsets.ISO_8859_1);
    }

    /**
     * An ELF64 little-endian file: one writable PT_LOAD segment mapping the whole file at {@link #VADDR}; at 0x100
     * the build info header with two pointers, at 0x200 and 0x210 the Go string headers, at 0x300 and 0x400 the
     * strings. No section headers, so the reader finds the header by searching the writable segment as Go's does.
     */
    private Path pointerFormatBinary(String version, String modinfo) throws IOException {
        byte[] mod = modinfo.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(0x400 + mod.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[]{0x7f, 'E', 'L', 'F', 2, 1, 1});
        b.putShort(16, (short) 2).putShort(18, (short) 62).putInt(20, 1);
        b.putLong(32, 64).putLong(40, 0); // phoff, shoff
        b.putShort(52, (short) 64).putShort(54, (short) 56).putShort(56, (short) 1); // ehsize, phentsize, phnum
        b.putShort(58, (short) 64).putShort(60, (short) 0).putShort(62, (short) 0);
        b.putInt(64, 1).putInt(68, 6).putLong(72, 0).putLong(80, VADDR).putLong(88, VADDR)
                .putLong(96, b.capacity()).putLong(104, b.capacity()).putLong(112, 0x1000);
        b.put(0x100, "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1));
        b.put(0x10e, (byte) 8).put(0x10f, (byte) 0);
        b.putLong(0x110, VADDR + 0x200).putLong(0x118, VADDR + 0x210);
        byte[] v = version.getBytes(StandardCharsets.US_ASCII);
        b.putLong(0x200, VADDR + 0x300).putLong(0x208, v.length);
        b.putLong(0x210, VADDR + 0x400).putLong(0x218, mod.length);
        b.put(0x300, v);
        b.put(0x400, mod);
        return Files.write(dir.resolve("old-go"), b.array());
    }
}
