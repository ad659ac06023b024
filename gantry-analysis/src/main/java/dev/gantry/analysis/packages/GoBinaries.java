package dev.gantry.analysis.packages;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Go executables: the modules a Go binary was built from, from the build information the Go
 * linker embeds ({@link GoBuildInfo}). Only ELF executables that carry the Go linker's build-id
 * note ({@code Go}, type 4, in a {@code PT_NOTE} segment within the first 64 KiB, where the
 * linker always puts it) are read further; any other executable costs a look at its first
 * bytes. A Go binary is copied to a temporary file (the build information points backwards into
 * read-only data in binaries older than Go 1.18, so it needs random access), capped at
 * {@link #MAX_BINARY}, and deleted at once.
 */
final class GoBinaries {
    /** Smaller files are no Go binary (the smallest linked Go program is over 1 MiB). */
    static final long MIN_SIZE = 64 * 1024;
    /** Larger binaries are not read: they are reported instead. */
    static final long MAX_BINARY = 1L << 30;
    private static final int HEAD = 64 * 1024;

    private GoBinaries() {
    }

    static LanguagePackages.Found read(InputStream content, String path, long size) throws IOException {
        byte[] head = content.readNBytes(HEAD);
        if (!hasGoNote(head)) {
            return null;
        }
        if (size > MAX_BINARY) {
            return new LanguagePackages.Found(List.of(), "Go binary larger than " + MAX_BINARY + " bytes; not read");
        }
        Path spool = Files.createTempFile("gantry-go-", ".bin");
        try {
            try (OutputStream out = Files.newOutputStream(spool, StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(head);
                new BoundedInput(content, MAX_BINARY, path).transferTo(out);
            }
            try (FileChannel file = FileChannel.open(spool, StandardOpenOption.READ)) {
                return GoBuildInfo.read(file).found(path);
            } catch (GoBuildInfo.NotReadableException | IOException | RuntimeException e) {
                // the copy is complete: whatever fails now is the binary's bytes, not the layer's
                return new LanguagePackages.Found(List.of(), "Go binary whose build information was not read: "
                        + e.getMessage());
            }
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    /**
     * Whether the ELF header's program headers, as far as they lie in {@code head}, include a note segment with
     * the Go build-id note.
     */
    static boolean hasGoNote(byte[] head) {
        if (head.length < 52 || head[0] != 0x7f || head[1] != 'E' || head[2] != 'L' || head[3] != 'F') {
            return false;
        }
        boolean wide = head[4] == 2;
        ByteBuffer b = ByteBuffer.wrap(head).order(head[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        if (wide && head.length < 64) {
            return false;
        }
        long phoff = wide ? b.getLong(32) : Integer.toUnsignedLong(b.getInt(28));
        int phentsize = Short.toUnsignedInt(b.getShort(wide ? 54 : 42));
        int phnum = Short.toUnsignedInt(b.getShort(wide ? 56 : 44));
        if (phentsize < (wide ? 56 : 32)) {
            return false;
        }
        for (int i = 0; i < phnum; i++) {
            long at = phoff + (long) i * phentsize;
            if (at < 0 || at + phentsize > head.length) {
                return false;
            }
            int ph = (int) at;
            if (b.getInt(ph) != 4) { // PT_NOTE
                continue;
            }
            long offset = wide ? b.getLong(ph + 8) : Integer.toUnsignedLong(b.getInt(ph + 4));
            long filesz = wide ? b.getLong(ph + 32) : Integer.toUnsignedLong(b.getInt(ph + 16));
            if (offset < 0 || filesz < 0 || offset + filesz > head.length) {
                continue;
            }
            if (hasGoNote(b, (int) offset, (int) (offset + filesz))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasGoNote(ByteBuffer b, int at, int end) {
        while (at + 12 <= end) {
            long namesz = Integer.toUnsignedLong(b.getInt(at));
            long descsz = Integer.toUnsignedLong(b.getInt(at + 4));
            int type = b.getInt(at + 8);
            long name = at + 12L;
            long desc = name + align4(namesz);
            long next = desc + align4(descsz);
            if (next > end) {
                return false;
            }
            if (namesz == 4 && type == 4 && b.get((int) name) == 'G' && b.get((int) name + 1) == 'o'
                    && b.get((int) name + 2) == 0) {
                return true;
            }
            at = (int) next;
        }
        return false;
    }

    private static long align4(long n) {
        return (n + 3) & ~3L;
    }
}
