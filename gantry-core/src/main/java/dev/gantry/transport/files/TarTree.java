package dev.gantry.transport.files;

import dev.gantry.error.InvalidInputException;
import dev.gantry.error.NotFoundException;
import dev.gantry.layer.Compression;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link FileTree} over a tar archive, read in place: the entry table is read once, then each
 * file is a region of the archive read with positional reads (safe from several threads). A
 * gzip- or zstd-compressed archive is first inflated to a temporary file, deleted on close.
 */
public final class TarTree implements FileTree {
    private final Path archive;
    private final Path spooled;
    private final FileChannel channel;
    private final Map<String, Region> entries = new HashMap<>();

    private record Region(long offset, long size) {
    }

    public TarTree(Path archive) throws IOException {
        this.archive = archive;
        if (!Files.isRegularFile(archive)) {
            throw new NotFoundException("archive " + archive + " does not exist");
        }
        this.spooled = spoolIfCompressed(archive);
        Path tar = spooled != null ? spooled : archive;
        try {
            this.channel = FileChannel.open(tar, StandardOpenOption.READ);
            long length = channel.size();
            List<TarArchiveEntry> list;
            try (TarFile tarFile = new TarFile(tar)) {
                list = tarFile.getEntries();
            } catch (IOException | RuntimeException e) {
                throw new InvalidInputException("archive " + archive + " is not a readable tar: " + e.getMessage(), e);
            }
            Map<String, String> links = new HashMap<>();
            for (TarArchiveEntry entry : list) {
                if (entry.isSymbolicLink() || entry.isLink()) {
                    addLink(links, entry);
                    continue;
                }
                if (!entry.isFile()) {
                    continue;
                }
                String name;
                try {
                    name = SafePaths.normalise(entry.getName(), "archive " + archive);
                } catch (InvalidInputException hostile) {
                    // A hostile name can never be asked for by a valid manifest; it is simply unreachable.
                    continue;
                }
                long end = entry.getDataOffset() + entry.getSize();
                if (end > length) {
                    throw new InvalidInputException("archive " + archive + " is truncated: entry " + name + " needs "
                            + entry.getSize() + " bytes but the archive ends " + (end - length) + " bytes short");
                }
                entries.put(name, new Region(entry.getDataOffset(), entry.getSize()));
            }
            resolveLinks(links);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Records a link entry as name -> archive path of its target. `docker save` writes a layer
     * that an earlier image already saved as a symlink "../ID/layer.tar"; a hard link names its
     * target from the archive root. Links whose target leaves the archive stay unreachable.
     */
    private void addLink(Map<String, String> links, TarArchiveEntry entry) {
        String name;
        try {
            name = SafePaths.normalise(entry.getName(), "archive " + archive);
        } catch (InvalidInputException hostile) {
            return;
        }
        String target = entry.getLinkName();
        if (target == null || target.isEmpty() || target.startsWith("/")) {
            return;
        }
        int slash = name.lastIndexOf('/');
        String base = entry.isSymbolicLink() && slash > 0 ? name.substring(0, slash) + "/" : "";
        String resolved = withinArchive(base + target);
        if (resolved != null) {
            links.put(name, resolved);
        }
    }

    /** Resolves "." and ".." in an archive path; null when it climbs above the archive root. */
    private static String withinArchive(String path) {
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return parts.isEmpty() ? null : String.join("/", parts);
    }

    /** Makes each link name the region of the file it leads to, following chains a few hops deep. */
    private void resolveLinks(Map<String, String> links) {
        for (Map.Entry<String, String> link : links.entrySet()) {
            String target = link.getValue();
            for (int hops = 0; hops < 8 && !entries.containsKey(target) && links.containsKey(target); hops++) {
                target = links.get(target);
            }
            Region region = entries.get(target);
            if (region != null && !entries.containsKey(link.getKey())) {
                entries.put(link.getKey(), region);
            }
        }
    }

    private static Path spoolIfCompressed(Path archive) throws IOException {
        Compression compression;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
            compression = Compression.detect(in);
        }
        if (compression == Compression.NONE) {
            return null;
        }
        Path tmp = Files.createTempFile("gantry-archive-", ".tar");
        try (InputStream in = compression.decompress(new BufferedInputStream(Files.newInputStream(archive), 1 << 16))) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new InvalidInputException("archive " + archive + ": cannot decompress (" + compression + "): " + e.getMessage(), e);
        }
        return tmp;
    }

    @Override
    public String describe() {
        return archive.toString();
    }

    @Override
    public boolean exists(String path) {
        return entries.containsKey(SafePaths.normalise(path, archive.toString()));
    }

    @Override
    public long size(String path) {
        Region r = entries.get(SafePaths.normalise(path, archive.toString()));
        return r == null ? -1 : r.size;
    }

    @Override
    public InputStream open(String path) {
        Region r = entries.get(SafePaths.normalise(path, archive.toString()));
        if (r == null) {
            throw new NotFoundException(path + " not found in archive " + archive);
        }
        return new RegionInputStream(channel, r.offset, r.size);
    }

    @Override
    public void close() throws IOException {
        try {
            if (channel != null) {
                channel.close();
            }
        } finally {
            if (spooled != null) {
                Files.deleteIfExists(spooled);
            }
        }
    }

    /** A window of a file, read with positional reads so several may be open at once. */
    private static final class RegionInputStream extends InputStream {
        private final FileChannel channel;
        private long position;
        private final long end;

        RegionInputStream(FileChannel channel, long offset, long size) {
            this.channel = channel;
            this.position = offset;
            this.end = offset + size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (position >= end) {
                return -1;
            }
            int want = (int) Math.min(len, end - position);
            int n = channel.read(ByteBuffer.wrap(buf, off, want), position);
            if (n < 0) {
                throw new java.io.EOFException("archive ends inside an entry");
            }
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long k = Math.max(0, Math.min(n, end - position));
            position += k;
            return k;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - position);
        }
    }
}
