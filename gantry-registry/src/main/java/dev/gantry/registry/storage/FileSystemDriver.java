package dev.gantry.registry.storage;

import dev.gantry.error.LimitExceededException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@link StorageDriver} over a local directory. Keys map to files under the root; objects written
 * whole are written to a temporary sibling, fsynced and renamed, so a crash at any moment leaves
 * either the old object or the new one. Temporary files start with ".tmp-", which no valid key
 * component produced by the registry does, so listings skip them. Safe for concurrent use: it
 * keeps no state beside its root.
 */
public final class FileSystemDriver implements StorageDriver {
    private static final String TEMP_PREFIX = ".tmp-";

    private final Path root;

    /**
     * A driver storing under {@code root}, which is created when missing. The root's real path is kept, so a
     * symbolic link to it is resolved once here.
     *
     * @param root the directory holding the registry's data, such as {@code gantry serve --data}
     * @throws IOException when the directory cannot be created or resolved
     */
    public FileSystemDriver(Path root) throws IOException {
        Files.createDirectories(root);
        this.root = root.toRealPath();
    }

    /**
     * The directory this driver stores under.
     *
     * @return the root as a real, absolute path
     */
    public Path root() {
        return root;
    }

    private Path file(String path) {
        return root.resolve(StoragePaths.check(path).substring(1));
    }

    @Override
    public byte[] getContent(String path, int limit) throws IOException {
        Path file = file(path);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new LimitExceededException(path + " is larger than " + limit + " bytes");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new PathNotFoundException(path);
        }
    }

    @Override
    public void putContent(String path, byte[] content) throws IOException {
        Path target = file(path);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        rename(temp, target);
    }

    /** Atomic rename, then fsync of the directory so the new name itself survives a crash. */
    private static void rename(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(from);
            throw new IOException("storage needs atomic renames within " + to.getParent(), e);
        }
        syncDirectory(to.getParent());
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open directories for sync; the rename is still atomic there.
        }
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        Path file = file(path);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new PathNotFoundException(path);
        }
        if (offset < 0 || offset > channel.size()) {
            channel.close();
            throw new InvalidOffsetException(path, offset);
        }
        channel.position(offset);
        return Channels.newInputStream(channel);
    }

    @Override
    public StorageWriter writer(String path, boolean append) throws IOException {
        Path file = file(path);
        Files.createDirectories(file.getParent());
        FileChannel channel = append
                ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                : FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        return new FileWriter(path, file, channel);
    }

    @Override
    public long size(String path) throws IOException {
        try {
            return Files.size(file(path));
        } catch (NoSuchFileException e) {
            throw new PathNotFoundException(path);
        }
    }

    @Override
    public boolean exists(String path) {
        return Files.exists(file(path));
    }

    @Override
    public java.time.Instant modified(String path) throws IOException {
        try {
            return Files.getLastModifiedTime(file(path)).toInstant();
        } catch (NoSuchFileException e) {
            throw new PathNotFoundException(path);
        }
    }

    @Override
    public List<String> list(String path) throws IOException {
        Path dir = file(path);
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(TEMP_PREFIX))
                    .sorted()
                    .toList();
        } catch (NoSuchFileException e) {
            throw new PathNotFoundException(path);
        }
    }

    @Override
    public void move(String from, String to) throws IOException {
        Path source = file(from);
        Path target = file(to);
        if (!Files.exists(source)) {
            throw new PathNotFoundException(from);
        }
        Files.createDirectories(target.getParent());
        rename(source, target);
    }

    @Override
    public void delete(String path) throws IOException {
        Path target = file(path);
        if (!Files.exists(target)) {
            throw new PathNotFoundException(path);
        }
        // Rename the subtree away first so readers never see half of it deleted.
        Path doomed = target.resolveSibling(TEMP_PREFIX + "deleted-" + UUID.randomUUID());
        Files.move(target, doomed, StandardCopyOption.ATOMIC_MOVE);
        List<Path> deepestFirst;
        try (Stream<Path> walk = Files.walk(doomed)) {
            deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : deepestFirst) {
            try {
                Files.deleteIfExists(p);
            } catch (DirectoryNotEmptyException e) {
                // cannot happen in reverse order; ignore rather than fail a delete that already took effect
            }
        }
    }

    @Override
    public Optional<Path> localFile(String path) {
        Path file = file(path);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /**
     * Appends through one channel; commit fsyncs, cancel deletes the file. Every
     * {@value #EARLY_SYNC_BYTES} bytes written, an fdatasync starts on a virtual thread while
     * writing goes on, so the disk works during the upload instead of all at commit: the final
     * fsync then has only the tail left. Durability is unchanged (commit still fsyncs all);
     * a failed early sync fails the writer's close or commit, never silently (Linux reports an
     * fsync error once, so a later fsync alone could succeed over lost pages).
     */
    private static final class FileWriter implements StorageWriter {
        private static final long EARLY_SYNC_BYTES = 32L << 20;

        private final String path;
        private final Path file;
        private final FileChannel channel;
        private long size;
        private long unsynced;
        private Thread sync;
        private volatile IOException syncFailure;
        private boolean closed;

        FileWriter(String path, Path file, FileChannel channel) throws IOException {
            this.path = path;
            this.file = file;
            this.channel = channel;
            this.size = channel.size();
        }

        @Override
        public void write(ByteBuffer bytes) throws IOException {
            if (closed) {
                throw new IOException("writer for " + path + " is closed");
            }
            while (bytes.hasRemaining()) {
                int n = channel.write(bytes);
                size += n;
                unsynced += n;
            }
            if (unsynced >= EARLY_SYNC_BYTES && (sync == null || !sync.isAlive())) {
                unsynced = 0;
                sync = Thread.ofVirtual().name("gantry-early-sync").start(() -> {
                    try {
                        channel.force(false);
                    } catch (IOException e) {
                        syncFailure = e;
                    }
                });
            }
        }

        /** Waits for an early sync in progress and reports its failure. */
        private void awaitSync() throws IOException {
            if (sync != null) {
                try {
                    sync.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while " + path + " was being synced");
                }
            }
            IOException failure = syncFailure;
            if (failure != null) {
                throw new IOException("syncing " + path + " to disk failed: " + failure.getMessage(), failure);
            }
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void commit() throws IOException {
            awaitSync();
            channel.force(true);
        }

        @Override
        public void cancel() throws IOException {
            try {
                close();
            } finally {
                Files.deleteIfExists(file);
            }
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                try {
                    awaitSync();
                } finally {
                    channel.close();
                }
            }
        }
    }
}
