package dev.gantry.registry.content;

import dev.gantry.digest.Digest;
import dev.gantry.digest.DigestAlgorithm;
import dev.gantry.digest.HashState;
import dev.gantry.error.InvalidInputException;
import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;
import dev.gantry.registry.errors.UploadRangeException;
import dev.gantry.registry.metadata.MetadataStore;
import dev.gantry.registry.metadata.UploadBusyException;
import dev.gantry.registry.metadata.UploadLock;
import dev.gantry.registry.metadata.UploadSession;
import dev.gantry.registry.storage.InvalidOffsetException;
import dev.gantry.registry.storage.PathNotFoundException;
import dev.gantry.registry.storage.StorageDriver;
import dev.gantry.registry.storage.StorageWriter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Blob upload sessions. A session is a record in the {@link MetadataStore} (when it began, its
 * running hash state) and a growing object in the {@link StorageDriver} ({@code data}): the
 * offset is simply the size of the data, so sessions survive a restart and can continue on
 * another node sharing the storage.
 *
 * <p>Appends rely on the driver's guarantee ({@link StorageDriver#writer(String, long)}): a writer
 * starts only where the data ends and excludes every other writer of it until closed, so two
 * requests on one session, on one node or two, never interleave; the loser gets a range error
 * (416) naming the real offset. A finishing request keeps its writer open until the blob is in
 * place, so nothing is appended to bytes already verified.
 *
 * <p>Hashing happens while bytes arrive: the running SHA-256 after each request is saved with
 * the session ({@link HashState#toBytes()}), and the next request, here or on another node or
 * after a restart, continues from it without re-reading the data; only bytes the saved state
 * does not cover (a request cut after writing, before saving) are read again. Each node also
 * keeps the states it made in memory, used while they match the data's size. When the JVM does
 * not allow saving states ({@link HashState#portable()}), a node without the state in memory
 * re-hashes the data once. Uploads finished with a sha512 digest are hashed in one pass over
 * the data at the end, the only case that reads the bytes twice.
 */
public final class Uploads {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** How often an append without Content-Range follows a data end that another request moved meanwhile. */
    private static final int APPEND_ATTEMPTS = 3;

    private final StorageDriver driver;
    private final MetadataStore metadata;
    private final BlobStore blobs;
    /** This node's latest state per session, valid while its count is the data's size. */
    private final Map<String, HashState> hashes = new ConcurrentHashMap<>();
    /** Bytes read back to rebuild hash states (a restart without a saved state, a cut request); tests watch it. */
    private final java.util.concurrent.atomic.AtomicLong rehashed = new java.util.concurrent.atomic.AtomicLong();

    public Uploads(StorageDriver driver, MetadataStore metadata, BlobStore blobs) {
        this.driver = driver;
        this.metadata = metadata;
        this.blobs = blobs;
    }

    public String start(String name) throws IOException {
        String id = UUID.randomUUID().toString();
        metadata.createUpload(name, id, Instant.now());
        try {
            driver.writer(StorageLayout.uploadData(name, id), 0).close();
        } catch (IOException | RuntimeException e) {
            // No half-made session (a disk that just filled up): it would only hold space until gc.
            try {
                metadata.deleteUpload(name, id);
            } catch (IOException | RuntimeException gone) {
                e.addSuppressed(gone);
            }
            throw e;
        }
        hashes.put(id, HashState.start(DigestAlgorithm.SHA256));
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
     * PATCH without Content-Range, which goes at the data's end); a chunk that does not begin at
     * the current end is refused before any byte is read. Returns the new size.
     */
    @SuppressWarnings("try") // the lock is held for the block, not used in it
    public long append(String name, String id, Long start, ByteSource body) throws IOException {
        try (UploadLock lock = lock(name, id)) {
            for (int attempt = 1; ; attempt++) {
                long size = size(name, id);
                if (start != null && start != size) {
                    throw rangeError(id, start, size);
                }
                // Before the writer opens: rebuilding the state may read the data, which a remote driver can
                // only do with no writer of it open.
                HashState before = runningHash(name, id, size);
                try (StorageWriter writer = open(name, id, size)) {
                    HashState after = write(name, id, writer, before, body);
                    after.toBytes().ifPresent(state -> saveQuietly(name, id, state));
                    hashes.put(id, after);
                    return after.count();
                } catch (UploadRangeException e) {
                    // Another process appended between the size and the writer (two nodes over one directory
                    // with no database): a chunk without a range follows it.
                    if (start != null || attempt == APPEND_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        }
    }

    /**
     * The session for this request alone, on every node sharing it: a request that waited too long is
     * refused as out of range, with the size the session has now.
     */
    private UploadLock lock(String name, String id) throws IOException {
        requireId(name, id);
        try {
            return metadata.lockUpload(name, id);
        } catch (UploadBusyException e) {
            long size = size(name, id);
            throw new UploadRangeException(e.getMessage() + "; upload " + id + " holds " + size
                    + " bytes, ask for its status before sending more", size);
        }
    }

    /** The saved state is an optimisation: a failure to keep it costs a re-hash later, never the request. */
    private void saveQuietly(String name, String id, byte[] state) {
        try {
            metadata.saveHashState(name, id, state);
        } catch (IOException | RuntimeException e) {
            // the next request on another node re-hashes from the data
        }
    }

    /** A writer at the data's end; a size that moved meanwhile is a range error naming the real one. */
    private StorageWriter open(String name, String id, long size) throws IOException {
        try {
            return driver.writer(StorageLayout.uploadData(name, id), size);
        } catch (InvalidOffsetException e) {
            long actual = e.size() >= 0 ? e.size() : size(name, id);
            throw rangeError(id, size, actual);
        } catch (PathNotFoundException e) {
            throw unknown(id);
        }
    }

    private static UploadRangeException rangeError(String id, long start, long size) {
        return new UploadRangeException("chunk starts at " + start + " but upload " + id + " holds " + size
                + " bytes; send the chunk starting at " + size, size);
    }

    /**
     * Appends the body through an open writer, hashing it on the way. The session's state is
     * dropped from memory while writing: if the body fails half-way, the data and the state
     * disagree, and the next request rebuilds it.
     */
    private HashState write(String name, String id, StorageWriter writer, HashState before, ByteSource body) throws IOException {
        hashes.remove(id);
        MessageDigest sha256 = before.hasher();
        Batch batch = new Batch(sha256, writer);
        try {
            body.transferTo(batch::add);
            batch.flush();
        } catch (IOException | RuntimeException e) {
            // A body cut mid-way: what the writer took in is kept (closing keeps it), and when the hash covers
            // exactly that, it is saved too, so the client's retry, here or on another node, need not re-read it.
            if (before.count() + batch.written == writer.size()) {
                HashState.of(DigestAlgorithm.SHA256, sha256, writer.size()).toBytes().ifPresent(state -> saveQuietly(name, id, state));
            }
            throw e;
        }
        return HashState.of(DigestAlgorithm.SHA256, sha256, writer.size());
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
        /** Bytes the writer took and the hash covers. */
        long written;

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
            int length = buffer.limit();
            // Written first, then hashed: a write that fails leaves the hash covering only what the writer took.
            writer.write(buffer);
            hasher.update(buffer.array(), buffer.arrayOffset(), length);
            written += length;
            buffer.clear();
        }
    }

    /**
     * The SHA-256 state after the data's first {@code size} bytes: this node's own when it is
     * current, else the saved one, topped up with whatever bytes it does not cover, else (no
     * state could be saved, or it is damaged) the whole data hashed again.
     */
    private HashState runningHash(String name, String id, long size) throws IOException {
        HashState cached = hashes.get(id);
        if (cached != null && cached.count() == size) {
            return cached;
        }
        UploadSession session = metadata.upload(name, id).orElseThrow(() -> unknown(id));
        HashState from = session.hashState().flatMap(Uploads::restore)
                .filter(state -> state.count() <= size)
                .orElse(HashState.start(DigestAlgorithm.SHA256));
        if (from.count() == size) {
            return from;
        }
        MessageDigest sha256 = from.hasher();
        hashData(name, id, from.count(), size, sha256);
        return HashState.of(DigestAlgorithm.SHA256, sha256, size);
    }

    private static Optional<HashState> restore(byte[] saved) {
        try {
            return HashState.fromBytes(saved);
        } catch (InvalidInputException e) {
            return Optional.empty(); // damaged: re-hash instead
        }
    }

    /** Hashes the data's bytes from {@code from} up to {@code to}, where the caller's size ends. */
    private void hashData(String name, String id, long from, long to, MessageDigest hasher) throws IOException {
        try (InputStream in = driver.reader(StorageLayout.uploadData(name, id), from)) {
            byte[] buf = new byte[1 << 20];
            for (long left = to - from, n; left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0; left -= n) {
                hasher.update(buf, 0, (int) n);
                rehashed.addAndGet(n);
            }
        }
    }

    /** Bytes this instance has read back from upload data to rebuild hash states. */
    long rehashedBytes() {
        return rehashed.get();
    }

    /**
     * Appends the last chunk, checks the digest, and makes the blob visible in the shared store:
     * fsync, then move, while the writer still excludes every other append. A wrong digest
     * cancels the session, as distribution does.
     */
    @SuppressWarnings("try") // the lock is held for the block, not used in it
    public long finish(String name, String id, Long start, ByteSource body, Digest expected) throws IOException {
        try (UploadLock lock = lock(name, id)) {
            long size = size(name, id);
            if (start != null && start != size) {
                throw new UploadRangeException("final chunk starts at " + start + " but upload " + id + " holds " + size
                        + " bytes", size);
            }
            HashState before = runningHash(name, id, size);
            try (StorageWriter writer = open(name, id, size)) {
                HashState after = write(name, id, writer, before, body);
                writer.commit();
                Digest actual = expected.algorithm() == DigestAlgorithm.SHA256
                        ? new Digest(DigestAlgorithm.SHA256, HexFormat.of().formatHex(after.hasher().digest()))
                        : hashWhole(name, id, expected.algorithm());
                if (!actual.equals(expected)) {
                    discard(name, id);
                    throw new RegistryException(ErrorCode.DIGEST_INVALID, "upload " + id + " hashes to " + actual
                            + ", not the digest given, " + expected + "; the upload was cancelled",
                            Map.of("digest", expected.toString()));
                }
                blobs.adopt(StorageLayout.uploadData(name, id), expected);
                metadata.deleteUpload(name, id);
                return after.count();
            }
        } finally {
            hashes.remove(id);
        }
    }

    private Digest hashWhole(String name, String id, DigestAlgorithm algorithm) throws IOException {
        MessageDigest hasher = algorithm.newHasher();
        try (InputStream in = driver.reader(StorageLayout.uploadData(name, id), 0)) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                hasher.update(buf, 0, n);
            }
        }
        return new Digest(algorithm, HexFormat.of().formatHex(hasher.digest()));
    }

    @SuppressWarnings("try") // the lock is held for the block, not used in it
    public void cancel(String name, String id) throws IOException {
        try (UploadLock lock = lock(name, id)) {
            discard(name, id);
        }
    }

    /** Deletes a session's data and record; the caller holds its lock. */
    private void discard(String name, String id) throws IOException {
        requireId(name, id);
        try {
            boolean hadData;
            try {
                driver.delete(StorageLayout.uploadData(name, id));
                hadData = true;
            } catch (PathNotFoundException e) {
                hadData = false;
            }
            if (!metadata.deleteUpload(name, id) && !hadData) {
                throw unknown(id);
            }
        } finally {
            hashes.remove(id);
        }
    }

    /** Ids of the sessions open in a repository. */
    public List<String> sessions(String name) throws IOException {
        return metadata.uploads(name);
    }

    /**
     * When a session last received bytes (or began). A session a kill left without its data
     * (between the blob's move into place and the session's removal) counts from when it began,
     * so gc expires it like any abandoned session.
     */
    public Instant lastWritten(String name, String id) throws IOException {
        try {
            return driver.modified(StorageLayout.uploadData(requireId(name, id), id));
        } catch (PathNotFoundException e) {
            return metadata.upload(name, id).map(UploadSession::startedAt).orElseThrow(() -> unknown(id));
        }
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
