package dev.gantry.registry.content;

import dev.gantry.digest.Digest;
import dev.gantry.digest.DigestAlgorithm;
import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;
import dev.gantry.registry.errors.UploadRangeException;
import dev.gantry.registry.storage.PathNotFoundException;
import dev.gantry.registry.storage.StorageDriver;
import dev.gantry.registry.storage.StorageWriter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Blob upload sessions. A session is a folder in storage ({@code data} grows with each chunk,
 * {@code startedat} records when it began), so sessions survive a restart: the offset is simply
 * the size of {@code data}.
 *
 * <p>Hashing happens while bytes arrive: each session keeps a running SHA-256 in memory beside
 * the byte count it covers. The JDK cannot serialise a {@link MessageDigest}'s state, so after
 * a restart (or a chunk that failed half-way) the running hash is rebuilt by re-reading the
 * partial file once, and continues from there. Uploads finished with a sha512 digest are
 * hashed in one pass over the file at the end, the only case that reads the bytes twice.
 */
public final class Uploads {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final StorageDriver driver;
    private final BlobStore blobs;
    private final Map<String, RunningHash> hashes = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** SHA-256 of the first {@code size} bytes of an upload. */
    private record RunningHash(MessageDigest sha256, long size) {
    }

    public Uploads(StorageDriver driver, BlobStore blobs) {
        this.driver = driver;
        this.blobs = blobs;
    }

    public String start(String name) throws IOException {
        String id = UUID.randomUUID().toString();
        driver.putContent(StorageLayout.uploadStartedAt(name, id), Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        try {
            driver.writer(StorageLayout.uploadData(name, id), false).close();
        } catch (IOException | RuntimeException e) {
            // No half-made session (a disk that just filled up): it would only hold space until gc.
            try {
                driver.delete(StorageLayout.upload(name, id));
            } catch (IOException | RuntimeException gone) {
                e.addSuppressed(gone);
            }
            throw e;
        }
        return id;
    }

    /** Bytes received so far. */
    public long size(String name, String id) throws IOException {
        try {
            return driver.size(StorageLayout.uploadData(requireId(name, id), id));
        } catch (PathNotFoundException e) {
            throw unknown(id);
        }
    }

    /**
     * Appends a chunk. {@code start} is where the client says it begins (null for a streamed
     * PATCH without Content-Range); a chunk that does not begin at the current end is refused
     * before any byte is read. Returns the new size.
     */
    public long append(String name, String id, Long start, ByteSource body) throws IOException {
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            long size = size(name, id);
            if (start != null && start != size) {
                throw new UploadRangeException("chunk starts at " + start + " but upload " + id + " holds " + size
                        + " bytes; send the chunk starting at " + size, size);
            }
            return write(name, id, size, body, false);
        } finally {
            lock.unlock();
        }
    }

    /** Appends the body, hashing it on the way; with {@code commit}, fsyncs before the writer closes. */
    private long write(String name, String id, long size, ByteSource body, boolean commit) throws IOException {
        String path = StorageLayout.uploadData(name, id);
        RunningHash running = runningHash(name, id, size);
        // Removed while writing: if the body fails half-way the file and the hash may disagree,
        // and the next use re-hashes the file instead.
        hashes.remove(id);
        MessageDigest sha256 = running.sha256();
        try (StorageWriter writer = driver.writer(path, true)) {
            Batch batch = new Batch(sha256, writer);
            body.transferTo(batch::add);
            batch.flush();
            if (commit) {
                writer.commit();
            }
            hashes.put(id, new RunningHash(sha256, writer.size()));
            return writer.size();
        }
    }

    /**
     * Gathers the request's small network chunks (a few KiB each) into 1 MiB before hashing and
     * writing them, so a 256 MiB upload is 256 writes, not tens of thousands. Heap memory, not
     * direct: MessageDigest hashes a direct buffer through a 4 KiB temporary array, piece by
     * piece, which a profile of a 256 MiB PUT showed as half the request's CPU; a byte array is
     * hashed in one intrinsic multi-block call, and the copy the file write then makes costs little.
     */
    private static final class Batch {
        private static final int SIZE = 1 << 20;
        private final MessageDigest hasher;
        private final StorageWriter writer;
        private ByteBuffer buffer;

        Batch(MessageDigest hasher, StorageWriter writer) {
            this.hasher = hasher;
            this.writer = writer;
        }

        void add(ByteBuffer chunk) throws IOException {
            if (buffer == null) {
                buffer = ByteBuffer.allocate(SIZE);
            }
            while (chunk.hasRemaining()) {
                int n = Math.min(chunk.remaining(), buffer.remaining());
                buffer.put(buffer.position(), chunk, chunk.position(), n);
                buffer.position(buffer.position() + n);
                chunk.position(chunk.position() + n);
                if (!buffer.hasRemaining()) {
                    flush();
                }
            }
        }

        void flush() throws IOException {
            if (buffer == null || buffer.position() == 0) {
                return;
            }
            buffer.flip();
            hasher.update(buffer.array(), buffer.arrayOffset(), buffer.limit());
            writer.write(buffer);
            buffer.clear();
        }
    }

    private RunningHash runningHash(String name, String id, long size) throws IOException {
        RunningHash cached = hashes.get(id);
        if (cached != null && cached.size() == size) {
            return cached;
        }
        MessageDigest sha256 = DigestAlgorithm.SHA256.newHasher();
        hashFile(StorageLayout.uploadData(name, id), sha256);
        return new RunningHash(sha256, size);
    }

    private void hashFile(String path, MessageDigest hasher) throws IOException {
        try (InputStream in = driver.reader(path, 0)) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                hasher.update(buf, 0, n);
            }
        }
    }

    /**
     * Appends the last chunk, checks the digest, and makes the blob visible in the shared store:
     * fsync, then rename. A wrong digest cancels the session, as distribution does.
     */
    public long finish(String name, String id, Long start, ByteSource body, Digest expected) throws IOException {
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            long size = size(name, id);
            if (start != null && start != size) {
                throw new UploadRangeException("final chunk starts at " + start + " but upload " + id + " holds " + size
                        + " bytes", size);
            }
            size = write(name, id, size, body, true);
            String path = StorageLayout.uploadData(name, id);
            Digest actual = actualDigest(name, id, expected.algorithm());
            if (!actual.equals(expected)) {
                cancel(name, id);
                throw new RegistryException(ErrorCode.DIGEST_INVALID, "upload " + id + " hashes to " + actual
                        + ", not the digest given, " + expected + "; the upload was cancelled",
                        Map.of("digest", expected.toString()));
            }
            blobs.adopt(path, expected);
            driver.delete(StorageLayout.upload(name, id));
            hashes.remove(id);
            return size;
        } finally {
            lock.unlock();
            locks.remove(id);
        }
    }

    private Digest actualDigest(String name, String id, DigestAlgorithm algorithm) throws IOException {
        MessageDigest hasher;
        if (algorithm == DigestAlgorithm.SHA256) {
            hasher = (MessageDigest) cloneOf(hashes.get(id).sha256());
        } else {
            hasher = algorithm.newHasher();
            hashFile(StorageLayout.uploadData(name, id), hasher);
        }
        return new Digest(algorithm, HexFormat.of().formatHex(hasher.digest()));
    }

    private static Object cloneOf(MessageDigest hasher) {
        try {
            return hasher.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("JDK SHA-256 cannot be cloned", e);
        }
    }

    public void cancel(String name, String id) throws IOException {
        try {
            driver.delete(StorageLayout.upload(requireId(name, id), id));
        } catch (PathNotFoundException e) {
            throw unknown(id);
        } finally {
            hashes.remove(id);
        }
    }

    /** Ids of the sessions open in a repository. */
    public java.util.List<String> sessions(String name) throws IOException {
        try {
            return driver.list(StorageLayout.repository(name) + "/_uploads").stream().filter(id -> ID.matcher(id).matches()).toList();
        } catch (PathNotFoundException e) {
            return java.util.List.of();
        }
    }

    /**
     * When a session last received bytes (or began). A session folder a kill left without its
     * data file (between the blob's rename into place and the folder's removal) counts from
     * when the folder last changed, so gc expires it like any abandoned session.
     */
    public Instant lastWritten(String name, String id) throws IOException {
        try {
            return driver.modified(StorageLayout.uploadData(requireId(name, id), id));
        } catch (PathNotFoundException e) {
            try {
                return driver.modified(StorageLayout.upload(name, id));
            } catch (PathNotFoundException gone) {
                throw unknown(id);
            }
        }
    }

    private ReentrantLock lock(String id) {
        return locks.computeIfAbsent(id, k -> new ReentrantLock());
    }

    private static String requireId(String name, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw unknown(id);
        }
        return name;
    }

    private static RegistryException unknown(String id) {
        return new RegistryException(ErrorCode.BLOB_UPLOAD_UNKNOWN, "upload session '" + id
                + "' is unknown: it finished, was cancelled, or never existed; start a new upload");
    }
}
