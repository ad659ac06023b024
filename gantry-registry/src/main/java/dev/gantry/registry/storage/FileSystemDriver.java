package dev.gantry.registry.storage;

import dev.gantry.error.LimitExceededException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
 * either the old object or the new one, and folders an object needs appear with it (see
 * {@code place}). Temporary files start with ".tmp-", which no valid key component produced by
 * the registry does, so listings skip them. Writes refused for lack of space are
 * {@link StorageFullException}s, with nothing of them left behind. Safe for concurrent use: it
 * keeps no state beside its root.
 */
public final class FileSystemDriver implements StorageDriver {
    private static final String TEMP_PREFIX = ".tmp-";
    /** Below this many free bytes, a failed write is taken for a full disk whatever its message says. */
    private static final long NEARLY_FULL_BYTES = 1 << 20;

    private final Path root;
    /**
     * Writers open in this process, one per file at a time, across every driver instance over the
     * same directory: file locks exclude other processes only, and a JVM taking a second lock on
     * a file it already locks fails instead of waiting.
     */
    private static final WriterLocks WRITERS = new WriterLocks();

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
        try {
            place(file(path), writing(content));
        } catch (IOException e) {
            throw classified(path, e);
        }
    }

    /** How an object comes to be at a path: written there, or renamed there from elsewhere. */
    private interface Placement {
        /** Creates the object at {@code at}, synced to disk. */
        void make(Path at) throws IOException;

        /** Takes back what {@link #make} put at {@code at} when it cannot go into place after all. */
        void undo(Path at) throws IOException;

        /** True when {@link #make} is one atomic rename, which may go straight to the final path. */
        boolean atomic();
    }

    private static Placement writing(byte[] content) {
        return new Placement() {
            @Override
            public void make(Path at) throws IOException {
                try (FileChannel out = FileChannel.open(at, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(content);
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                    out.force(true);
                }
            }

            @Override
            public void undo(Path at) throws IOException {
                Files.deleteIfExists(at);
            }

            @Override
            public boolean atomic() {
                return false;
            }
        };
    }

    private static Placement renaming(Path source) {
        return new Placement() {
            @Override
            public void make(Path at) throws IOException {
                atomicMove(source, at);
            }

            @Override
            public void undo(Path at) throws IOException {
                atomicMove(at, source);
            }

            @Override
            public boolean atomic() {
                return true;
            }
        };
    }

    /**
     * Puts an object at {@code target} so that it appears at once together with every folder on
     * its way. When folders are missing, the highest missing one is built under a ".tmp-" name
     * beside its final place, holding the object, and renamed into place; otherwise the object is
     * written beside the target and renamed over it. Either way a crash or a full disk never
     * leaves a folder without its object, which listings would show as a tag without a link, a
     * manifest revision without its media type or a blob without data. The folders' new names
     * are fsynced, so they survive a power cut as the object does.
     */
    private void place(Path target, Placement placement) throws IOException {
        Path parent = target.getParent();
        if (Files.isDirectory(parent)) {
            if (placement.atomic()) {
                placement.make(target);
            } else {
                Path temp = parent.resolve(TEMP_PREFIX + UUID.randomUUID());
                try {
                    placement.make(temp);
                    atomicMove(temp, target);
                } catch (IOException | RuntimeException e) {
                    undoQuietly(placement, temp);
                    throw e;
                }
            }
            syncDirectory(parent);
            return;
        }
        Path top = parent;
        while (!Files.isDirectory(top.getParent())) {
            top = top.getParent();
        }
        Path staging = top.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
        Path staged = staging.resolve(top.relativize(target));
        try {
            Files.createDirectories(staged.getParent());
            placement.make(staged);
            for (Path dir = staged.getParent(); dir.startsWith(staging); dir = dir.getParent()) {
                syncDirectory(dir);
            }
        } catch (IOException | RuntimeException e) {
            undoQuietly(placement, staged);
            deleteTreeQuietly(staging);
            throw e;
        }
        try {
            atomicMove(staging, top);
        } catch (IOException | RuntimeException e) {
            if (!Files.isDirectory(top)) {
                undoQuietly(placement, staged);
                deleteTreeQuietly(staging);
                throw e;
            }
            // Another write made the folder meanwhile (a rename onto a folder with content fails):
            // the staged object goes into it as any write into an existing folder does.
            try {
                place(target, renaming(staged));
            } catch (IOException | RuntimeException again) {
                undoQuietly(placement, staged);
                throw again;
            } finally {
                deleteTreeQuietly(staging);
            }
            return;
        }
        syncDirectory(top.getParent());
    }

    private static void undoQuietly(Placement placement, Path at) {
        try {
            if (Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                placement.undo(at);
            }
        } catch (IOException | RuntimeException e) {
            // what is left has a ".tmp-" name: never listed, never served
        }
    }

    private static void deleteTreeQuietly(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left behind under a ".tmp-" name: invisible
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // as above
        }
    }

    /** One rename(2): an object already at {@code to} is replaced (a folder only when it is empty). */
    private static void atomicMove(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("storage needs atomic renames within " + to.getParent(), e);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open directories for sync; the rename is still atomic there.
        }
    }

    /**
     * A failed write as {@link StorageFullException} when it failed for lack of space: the error
     * says so (ENOSPC, EDQUOT), or, since the JDK words its errors in the process's locale, a
     * plain I/O error came while the storage has next to nothing left.
     */
    IOException classified(String path, IOException e) {
        if (e instanceof StorageFullException) {
            return e;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String reason = t instanceof FileSystemException f && f.getReason() != null ? f.getReason() : t.getMessage();
            if (reason != null && (reason.contains("No space left on device") || reason.contains("Disk quota exceeded"))) {
                return new StorageFullException(path, e);
            }
        }
        boolean plain = e.getClass() == IOException.class || e.getClass() == FileSystemException.class;
        if (plain && space().map(s -> s.freeBytes() < NEARLY_FULL_BYTES).orElse(false)) {
            return new StorageFullException(path, e);
        }
        return e;
    }

    @Override
    public Optional<StorageSpace> space() {
        try {
            FileStore store = Files.getFileStore(root);
            return Optional.of(new StorageSpace(store.getUsableSpace(), store.getTotalSpace()));
        } catch (IOException e) {
            return Optional.empty();
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
    public StorageWriter writer(String path, long offset) throws IOException {
        Path file = file(path);
        if (offset < 0) {
            throw new InvalidOffsetException(path, offset);
        }
        String lockKey = file.toString();
        WRITERS.acquire(lockKey);
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            Object before = fileKey(file);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            // Another process sharing the directory (a second `gantry serve`) appends only under this lock.
            channel.lock();
            Object now = fileKey(file);
            if (before != null && !before.equals(now)) {
                // Renamed away (a finished upload became its blob) while this writer waited: not ours to append to.
                throw new PathNotFoundException(path);
            }
            long size = channel.size();
            if (size != offset) {
                throw new InvalidOffsetException(path, offset, size);
            }
            channel.position(offset);
            return new FileWriter(this, path, file, channel, () -> WRITERS.release(lockKey));
        } catch (IOException e) {
            closeQuietly(channel, e);
            WRITERS.release(lockKey);
            throw classified(path, e);
        } catch (RuntimeException e) {
            closeQuietly(channel, e);
            WRITERS.release(lockKey);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel channel, Exception failure) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException closing) {
                failure.addSuppressed(closing);
            }
        }
    }

    private static Object fileKey(Path file) throws IOException {
        try {
            return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
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
        try {
            place(target, renaming(source));
        } catch (IOException e) {
            throw classified(to, e);
        }
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

        private final FileSystemDriver driver;
        private final String path;
        private final Path file;
        private final FileChannel channel;
        private long size;
        private long unsynced;
        private Thread sync;
        private volatile IOException syncFailure;
        private final Runnable onClose;
        private boolean closed;

        FileWriter(FileSystemDriver driver, String path, Path file, FileChannel channel, Runnable onClose) throws IOException {
            this.driver = driver;
            this.path = path;
            this.file = file;
            this.channel = channel;
            this.onClose = onClose;
            this.size = channel.size();
        }

        @Override
        public void write(ByteBuffer bytes) throws IOException {
            if (closed) {
                throw new IOException("writer for " + path + " is closed");
            }
            try {
                while (bytes.hasRemaining()) {
                    int n = channel.write(bytes);
                    size += n;
                    unsynced += n;
                }
            } catch (IOException e) {
                throw driver.classified(path, e);
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
            try {
                awaitSync();
                channel.force(true);
            } catch (IOException e) {
                throw driver.classified(path, e);
            }
        }

        @Override
        public void cancel() throws IOException {
            // Deleted before the writer lets go, so a writer waiting for this path never opens the doomed file.
            try {
                Files.deleteIfExists(file);
            } finally {
                close();
            }
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                try {
                    awaitSync();
                } finally {
                    try {
                        channel.close();
                    } finally {
                        onClose.run();
                    }
                }
            }
        }
    }
}
