package dev.gantry.runtime.cstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One of containers/storage's lock files ({@code images.lock}, {@code layers.lock}), held the way
 * its Go code holds them: a POSIX record lock (fcntl) over the whole file, shared for readers and
 * exclusive for writers. The JDK's {@link FileChannel#lock} is that lock on Linux (a length of
 * {@code Long.MAX_VALUE} becomes fcntl's "to the end of the file").
 *
 * <p>The file's content is the store's "last write" token: every writer replaces it, and
 * podman compares it with the value it saw to know that its cached JSON is stale. It is written
 * in containers/storage's form, 64 bytes: the time in nanoseconds and a counter (both
 * little-endian 64-bit), the process ID (32-bit), then random bytes.
 */
final class LockFile implements AutoCloseable {
    private static final int LAST_WRITE_SIZE = 64;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong COUNTER = new AtomicLong();

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private LockFile(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Waits for and takes the lock, creating the file when it does not exist.
     *
     * @param exclusive true for a writer; false to share it with other readers
     */
    static LockFile acquire(Path path, boolean exclusive) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            return new LockFile(path, channel, channel.lock(0, Long.MAX_VALUE, !exclusive));
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new IOException(path + " is already locked by this process (a copy from and to the same store at once "
                    + "is not supported)", e);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Records a write, so that podman reloads what it cached. The lock must be exclusive. */
    void touch() throws IOException {
        ByteBuffer token = ByteBuffer.allocate(LAST_WRITE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        token.putLong(System.currentTimeMillis() * 1_000_000L + System.nanoTime() % 1_000_000L);
        token.putLong(COUNTER.incrementAndGet());
        token.putInt((int) ProcessHandle.current().pid());
        byte[] random = new byte[LAST_WRITE_SIZE - token.position()];
        RANDOM.nextBytes(random);
        token.put(random).flip();
        while (token.hasRemaining()) {
            channel.write(token, token.position());
        }
        channel.force(false);
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
