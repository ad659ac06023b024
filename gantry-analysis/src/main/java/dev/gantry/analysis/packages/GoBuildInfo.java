package dev.gantry.analysis.packages;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The build information a Go linker embeds in an ELF executable (what {@code go version -m}
 * prints): a 32-byte header starting {@code \xff Go buildinf:} at a 16-byte boundary of the
 * {@code .go.buildinfo} section (or, without section headers, the first writable load segment),
 * then either the Go version and module text inline as varint-prefixed strings (flag bit 2, Go
 * 1.18 and later) or two pointers to Go string headers in the data (older), resolved through the
 * load segments. The module text's lines: {@code path}, {@code mod} (the main module), {@code dep}
 * and {@code =>} (a replacement of the dep before it), {@code build}.
 *
 * <p>Every offset, count and length comes from the file and is checked against its size before it
 * is used; strings are capped at {@link #MAX_STRING}.
 */
final class GoBuildInfo {
    private static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
    /** The module text of a large program is tens of KiB. */
    static final int MAX_STRING = 4 * 1024 * 1024;
    private static final int SEARCH = 64 * 1024;
    private static final Pattern GO_VERSION = Pattern.compile("go(\\d+)\\.(\\d+)(?:\\.(\\d+))?([a-z]+\\d*)?");

    /** The binary's build information could not be read; the message says where it broke. */
    static final class NotReadableException extends Exception {
        NotReadableException(String message) {
            super(message);
        }
    }

    /**
     * One module line.
     *
     * @param path    the module path
     * @param version its version; {@code (devel)} for a main module built from a work tree
     */
    record Module(String path, String version) {
    }

    /**
     * What was read.
     *
     * @param goVersion the toolchain, e.g. {@code go1.19.8}
     * @param main      the main module, or null (a binary built outside module mode)
     * @param deps      the dependencies in the order listed, replacements applied
     */
    record Info(String goVersion, Module main, List<Module> deps) {
        /** As packages: the standard library (name {@code stdlib}, its SemVer version), the main module, the deps. */
        LanguagePackages.Found found(String location) {
            List<PackageRecord> records = new ArrayList<>();
            String std = stdlibVersion(goVersion);
            if (std != null) {
                records.add(PackageRecord.language("golang", "stdlib", std, location));
            }
            if (main != null) {
                records.add(PackageRecord.language("golang", main.path(), main.version(), location));
            }
            for (Module m : deps) {
                records.add(PackageRecord.language("golang", m.path(), m.version(), location));
            }
            return new LanguagePackages.Found(List.copyOf(records), null);
        }
    }

    private GoBuildInfo() {
    }

    /** {@code go1.19.8} is {@code 1.19.8}, {@code go1.21} is {@code 1.21.0}, {@code go1.21rc2} {@code 1.21.0-rc2}. */
    static String stdlibVersion(String goVersion) {
        if (goVersion == null) {
            return null;
        }
        String first = goVersion.strip().split("\\s+", 2)[0]; // "go1.20 X:boringcrypto"
        Matcher m = GO_VERSION.matcher(first);
        if (!m.matches()) {
            return null; // "devel +abc..."
        }
        return m.group(1) + "." + m.group(2) + "." + (m.group(3) == null ? "0" : m.group(3))
                + (m.group(4) == null ? "" : "-" + m.group(4));
    }

    static Info read(FileChannel file) throws IOException, NotReadableException {
        Elf elf = Elf.read(file);
        long start = elf.buildInfoStart();
        if (start < 0) {
            throw new NotReadableException("no .go.buildinfo section and no writable segment");
        }
        ByteBuffer data = elf.bytes(start, (int) Math.min(SEARCH, elf.size - start));
        int at = -1;
        for (int i = 0; i + 32 <= data.limit(); i += 16) {
            if (matches(data, i)) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            throw new NotReadableException("no build information header");
        }
        int ptrSize = data.get(at + 14);
        int flags = data.get(at + 15);
        String version;
        String modinfo;
        if ((flags & 2) != 0) {
            long pos = start + at + 32;
            long[] read = new long[]{pos};
            version = inlineString(elf, read);
            modinfo = inlineString(elf, read);
        } else {
            if (ptrSize != 4 && ptrSize != 8) {
                throw new NotReadableException("pointer size " + ptrSize);
            }
            ByteOrder order = (flags & 1) != 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            data.order(order);
            long versionAddress = pointer(data, at + 16, ptrSize);
            long modAddress = pointer(data, at + 16 + ptrSize, ptrSize);
            version = elf.goString(versionAddress, ptrSize, order);
            modinfo = elf.goString(modAddress, ptrSize, order);
        }
        return parse(version, modinfo);
    }

    private static boolean matches(ByteBuffer data, int at) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (data.get(at + i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static long pointer(ByteBuffer data, int at, int size) {
        return size == 8 ? data.getLong(at) : Integer.toUnsignedLong(data.getInt(at));
    }

    /** A uvarint length, then that many bytes, at {@code pos[0]}; advances it. */
    private static String inlineString(Elf elf, long[] pos) throws IOException, NotReadableException {
        ByteBuffer varint = elf.bytes(pos[0], (int) Math.min(10, elf.size - pos[0]));
        long length = 0;
        int shift = 0;
        int i = 0;
        while (true) {
            if (i >= varint.limit() || shift > 63) {
                throw new NotReadableException("truncated length at offset " + pos[0]);
            }
            int b = varint.get(i++) & 0xff;
            length |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                break;
            }
            shift += 7;
        }
        if (length > MAX_STRING || pos[0] + i + length > elf.size) {
            throw new NotReadableException("a string of " + length + " bytes at offset " + pos[0]
                    + " passes the end of the file or " + MAX_STRING + " bytes");
        }
        ByteBuffer s = elf.bytes(pos[0] + i, (int) length);
        pos[0] += i + length;
        return StandardCharsets.UTF_8.decode(s).toString();
    }

    static Info parse(String version, String modinfo) {
        String text = modinfo;
        // the linker frames the module text with 16-byte sentinels
        if (text.length() >= 33 && text.charAt(text.length() - 17) == '\n') {
            text = text.substring(16, text.length() - 16);
        }
        Module main = null;
        List<Module> deps = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length >= 3 && f[0].equals("mod")) {
                main = new Module(f[1], f[2]);
            } else if (f.length >= 3 && f[0].equals("dep")) {
                deps.add(new Module(f[1], f[2]));
            } else if (f.length >= 3 && f[0].equals("=>") && !deps.isEmpty()) {
                // a replacement by another module version counts as that module; a local directory (no version)
                // leaves the required module and version as the record of what was asked for
                if (!f[2].isEmpty() && !f[2].equals("(devel)") && !local(f[1])) {
                    deps.set(deps.size() - 1, new Module(f[1], f[2]));
                }
            }
        }
        return new Info(version, main, List.copyOf(deps));
    }

    /** A replacement by a directory ({@code ./x}, {@code ../x}, {@code /x}), as go.mod writes one. */
    private static boolean local(String path) {
        return path.startsWith("./") || path.startsWith("../") || path.startsWith("/") || path.equals(".")
                || path.equals("..");
    }

    /** The parts of an ELF file the build information is found through, each bounds-checked. */
    private static final class Elf {
        final FileChannel file;
        final long size;
        boolean wide;
        ByteOrder order;
        final List<long[]> loads = new ArrayList<>(); // {vaddr, offset, filesz, flags}
        long buildInfoSection = -1;

        private Elf(FileChannel file) throws IOException {
            this.file = file;
            this.size = file.size();
        }

        static Elf read(FileChannel file) throws IOException, NotReadableException {
            Elf elf = new Elf(file);
            if (elf.size < 64) {
                throw new NotReadableException("truncated ELF header");
            }
            ByteBuffer h = elf.bytes(0, 64);
            if (h.get(0) != 0x7f || h.get(1) != 'E' || h.get(2) != 'L' || h.get(3) != 'F') {
                throw new NotReadableException("not an ELF file");
            }
            elf.wide = h.get(4) == 2;
            elf.order = h.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            h.order(elf.order);
            boolean w = elf.wide;
            long phoff = w ? h.getLong(32) : Integer.toUnsignedLong(h.getInt(28));
            long shoff = w ? h.getLong(40) : Integer.toUnsignedLong(h.getInt(32));
            int phentsize = Short.toUnsignedInt(h.getShort(w ? 54 : 42));
            int phnum = Short.toUnsignedInt(h.getShort(w ? 56 : 44));
            int shentsize = Short.toUnsignedInt(h.getShort(w ? 58 : 46));
            int shnum = Short.toUnsignedInt(h.getShort(w ? 60 : 48));
            int shstrndx = Short.toUnsignedInt(h.getShort(w ? 62 : 50));
            if (phentsize >= (w ? 56 : 32)) {
                for (int i = 0; i < phnum; i++) {
                    long at = phoff + (long) i * phentsize;
                    if (!elf.within(at, phentsize)) {
                        throw new NotReadableException("program header " + i + " past the end of the file");
                    }
                    ByteBuffer ph = elf.bytes(at, phentsize);
                    if (ph.getInt(0) != 1) { // PT_LOAD
                        continue;
                    }
                    long flags = Integer.toUnsignedLong(ph.getInt(w ? 4 : 24));
                    long offset = w ? ph.getLong(8) : Integer.toUnsignedLong(ph.getInt(4));
                    long vaddr = w ? ph.getLong(16) : Integer.toUnsignedLong(ph.getInt(8));
                    long filesz = w ? ph.getLong(32) : Integer.toUnsignedLong(ph.getInt(16));
                    elf.loads.add(new long[]{vaddr, offset, filesz, flags});
                }
            }
            if (shoff > 0 && shentsize >= (w ? 64 : 40) && shstrndx < shnum) {
                elf.buildInfoSection = elf.findSection(shoff, shentsize, shnum, shstrndx, ".go.buildinfo");
            }
            return elf;
        }

        long buildInfoStart() {
            if (buildInfoSection >= 0) {
                return buildInfoSection;
            }
            for (long[] load : loads) {
                if ((load[3] & 2) != 0 && within(load[1], 32)) { // PF_W
                    return load[1];
                }
            }
            return -1;
        }

        private long findSection(long shoff, int shentsize, int shnum, int shstrndx, String wanted)
                throws IOException, NotReadableException {
            long[] strtab = section(shoff, shentsize, shstrndx);
            if (strtab == null || strtab[1] > MAX_STRING) {
                return -1;
            }
            ByteBuffer names = bytes(strtab[0], (int) strtab[1]);
            byte[] want = (wanted + "\0").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < shnum; i++) {
                if (!within(shoff + (long) i * shentsize, shentsize)) {
                    throw new NotReadableException("section header " + i + " past the end of the file");
                }
                ByteBuffer sh = bytes(shoff + (long) i * shentsize, shentsize);
                long name = Integer.toUnsignedLong(sh.getInt(0));
                if (name + want.length > names.limit()) {
                    continue;
                }
                boolean same = true;
                for (int k = 0; k < want.length && same; k++) {
                    same = names.get((int) name + k) == want[k];
                }
                if (same) {
                    long[] s = section(shoff, shentsize, i);
                    return s == null ? -1 : s[0];
                }
            }
            return -1;
        }

        /** {offset, size} of section {@code i} when its bytes lie in the file, else null. */
        private long[] section(long shoff, int shentsize, int i) throws IOException {
            long at = shoff + (long) i * shentsize;
            if (!within(at, shentsize)) {
                return null;
            }
            ByteBuffer sh = bytes(at, shentsize);
            long offset = wide ? sh.getLong(24) : Integer.toUnsignedLong(sh.getInt(16));
            long length = wide ? sh.getLong(32) : Integer.toUnsignedLong(sh.getInt(20));
            return within(offset, length) ? new long[]{offset, length} : null;
        }

        /** A Go string header (data pointer, length) at a virtual address, and the bytes it points to. */
        String goString(long address, int ptrSize, ByteOrder order) throws IOException, NotReadableException {
            long header = offsetOf(address, 2L * ptrSize);
            ByteBuffer h = bytes(header, 2 * ptrSize).order(order);
            long data = pointer(h, 0, ptrSize);
            long length = pointer(h, ptrSize, ptrSize);
            if (length < 0 || length > MAX_STRING) {
                throw new NotReadableException("a string of " + length + " bytes at address 0x" + Long.toHexString(address));
            }
            return StandardCharsets.UTF_8.decode(bytes(offsetOf(data, length), (int) length)).toString();
        }

        private long offsetOf(long address, long length) throws NotReadableException {
            for (long[] load : loads) {
                long vaddr = load[0];
                if (Long.compareUnsigned(address, vaddr) >= 0 && address - vaddr <= load[2] - length
                        && load[2] >= length) {
                    long offset = load[1] + (address - vaddr);
                    if (within(offset, length)) {
                        return offset;
                    }
                }
            }
            throw new NotReadableException("address 0x" + Long.toHexString(address) + " is in no loaded part of the file");
        }

        boolean within(long offset, long length) {
            return offset >= 0 && length >= 0 && offset <= size && length <= size - offset;
        }

        ByteBuffer bytes(long offset, int length) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(Math.max(length, 0)).order(order == null ? ByteOrder.LITTLE_ENDIAN : order);
            while (b.hasRemaining()) {
                int n = file.read(b, offset + b.position());
                if (n < 0) {
                    throw new IOException("unexpected end of file at offset " + (offset + b.position()));
                }
            }
            return b.flip();
        }
    }
}
