package dev.gantry.transport.files;

import dev.gantry.error.InvalidInputException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes files as entries of a tar archive, streamed into a temporary file beside the
 * destination and renamed into place on commit, or (see {@link #streaming}) into a stream
 * that someone else delivers, such as the body of a request to the Docker daemon. Entries are
 * deterministic (fixed mtime, owner and mode) so the same content gives the same archive.
 */
public final class TarTreeWriter implements TreeWriter {
    private static final FileTime EPOCH = FileTime.from(Instant.EPOCH);
    private final String name;
    private final Path destination;
    private final Path tmp;
    private final TarArchiveOutputStream tar;
    private final Set<String> written = new HashSet<>();
    private final Set<String> directories = new HashSet<>();
    private boolean committed;

    public TarTreeWriter(Path destination) throws IOException {
        this.destination = destination.toAbsolutePath();
        this.name = this.destination.toString();
        Path parent = this.destination.getParent();
        Files.createDirectories(parent);
        this.tmp = Files.createTempFile(parent, "." + destination.getFileName() + ".", ".partial");
        this.tar = tarOver(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20));
    }

    private TarTreeWriter(OutputStream out, String name) {
        this.destination = null;
        this.tmp = null;
        this.name = name;
        this.tar = tarOver(out);
    }

    /**
     * A writer whose archive goes straight into {@code out} as entries are written: commit ends
     * the archive and flushes, without closing {@code out}; close without commit leaves {@code out}
     * as it is, for its owner to abandon (the tar never ended).
     */
    public static TarTreeWriter streaming(OutputStream out, String name) {
        return new TarTreeWriter(out, name);
    }

    private static TarArchiveOutputStream tarOver(OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        return tar;
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public synchronized boolean exists(String path) {
        return written.contains(SafePaths.normalise(path, name));
    }

    @Override
    public synchronized void write(String path, long size, InputStream content) throws IOException {
        String name = SafePaths.normalise(path, this.name);
        if (size < 0) {
            throw new IllegalArgumentException("tar entries need their size up front: " + name);
        }
        addParents(name);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(size);
        entry.setMode(0644);
        entry.setLastModifiedTime(EPOCH);
        tar.putArchiveEntry(entry);
        byte[] buf = new byte[1 << 20];
        long copied = 0;
        int n;
        while ((n = content.read(buf)) >= 0) {
            if (copied + n > size) {
                throw new InvalidInputException(name + ": content is longer than the " + size + " bytes expected");
            }
            tar.write(buf, 0, n);
            copied += n;
        }
        if (copied != size) {
            throw new InvalidInputException(name + ": got " + copied + " bytes, expected " + size);
        }
        tar.closeArchiveEntry();
        written.add(name);
    }

    private void addParents(String name) throws IOException {
        int slash = name.indexOf('/');
        while (slash > 0) {
            String dir = name.substring(0, slash + 1);
            if (directories.add(dir)) {
                TarArchiveEntry entry = new TarArchiveEntry(dir);
                entry.setMode(040755);
                entry.setLastModifiedTime(EPOCH);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            slash = name.indexOf('/', slash + 1);
        }
    }

    @Override
    public synchronized void commit() throws IOException {
        tar.finish();
        if (tmp == null) {
            tar.flush();
            committed = true;
            return;
        }
        tar.close();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(tmp, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, destination, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    @Override
    public synchronized void close() throws IOException {
        if (!committed && tmp != null) {
            try {
                tar.close();
            } catch (IOException ignored) {
                // The archive is being discarded; a close failure changes nothing.
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
